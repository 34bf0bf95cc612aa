import type { Span } from '../config/ast';
import type { RegexRunner } from '../eval/regex';
import type { Message } from '../message';
import type { AnyScenario } from '../scenario/types';
import type { RuleId } from './registry';

export type Severity = 'error' | 'warning' | 'info';

export type { RuleId } from './registry';

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
