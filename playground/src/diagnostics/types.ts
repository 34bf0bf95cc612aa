import type { Span } from '../config/ast';
import type { RegexRunner } from '../eval/regex';
import type { Message } from '../message';
import type { AnyScenario } from '../scenario/types';

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'ws-missing-http-version'
  | 'ws-upgrade-not-forwarded'
  | 'ws-connection-not-set'
  | 'ws-connection-hardcoded-upgrade'
  | 'ws-connection-from-client'
  | 'ws-map-no-default'
  | 'ws-map-no-empty-key'
  | 'ws-map-variable-undefined'
  | 'ws-header-inheritance-lost'
  | 'ws-keepalive-connection-close'
  | 'ws-read-timeout-vs-heartbeat'
  | 'ws-connect-timeout-cap'
  | 'ws-buffering-myth'
  | 'ws-gzip-myth'
  | 'ws-tls-obsolete'
  | 'ws-worker-connections-low'
  | 'ws-location-shadowed'
  | 'ws-trailing-slash-redirect'
  | 'ws-add-header-not-on-101'
  | 'ws-add-header-inheritance-lost'
  | 'ws-if-last-wins'
  | 'ws-invisible-character';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based; the position before this column. */
  col: number;
}

/** Replace the text between `from` and `to` (same file) with `insert`; from = to inserts. */
export interface TextEdit {
  file: string;
  from: Position;
  to: Position;
  insert: string;
}

export interface Fix {
  /** A code of `diagnosticCodes`, like every text of a diagnostic. */
  title: Message;
  /** Non-overlapping, in document order; apply from last to first. */
  edits: TextEdit[];
}

export interface Diagnostic {
  id: RuleId;
  severity: Severity;
  location: Span;
  message: Message;
  explanation: Message;
  fix?: Fix;
  /** Site path without the language prefix: `/guides/<page>/#<anchor>`. */
  guide: string;
}

export interface DiagnoseOptions {
  /** Scenario whose request, backends and nginx version refine the checks (v1 only: a v2 scenario is ignored). */
  scenario?: AnyScenario;
  /** Concurrent WebSocket connections the setup must hold (enables ws-worker-connections-low). */
  connectionTarget?: number;
  /** nginx version to judge against when no scenario gives one (default 1.22.1, what CI runs). */
  nginxVersion?: string;
  /** Source text per file name: lets fixes copy the exact indentation (tabs) of the file. */
  sources?: Record<string, string>;
  /** Regex engine for config regexes (a host's `watchedRegexRunner`); the default refuses catastrophic patterns. */
  regex?: RegexRunner;
}

export type { Span };
