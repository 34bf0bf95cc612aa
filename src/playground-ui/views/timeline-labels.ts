import type { TimelineEvent } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';

/**
 * The timeline's event labels in the page language. The engine labels its events in English
 * (a label is drawn as is by the CLI's SVG too); the words are matched here and re-worded from
 * the dictionary, while what is protocol or config text — request and status lines, `return`,
 * `rewrite`, `if (…)`, header and directive names, addresses, frame data — stays as written.
 */
type Rule = [RegExp, (m: RegExpExecArray, t: Translator<'playground'>) => string];

const RULES: readonly Rule[] = [
  [/^connect (\S+)$/, (m, t) => t('tl.connect', { address: m[1] ?? '' })],
  [/^connection refused$/, (_, t) => t('tl.refused')],
  [/^next upstream: (\S+)$/, (m, t) => t('tl.nextUpstream', { address: m[1] ?? '' })],
  [/^no live upstreams$/, (_, t) => t('tl.noLiveUpstreams')],
  [/^(\d+) worker_connections are not enough$/, (m, t) => t('tl.workerConnections', { n: m[1] ?? '' })],
  [/^101 without client Upgrade$/, (_, t) => t('tl.unasked101')],
  [/^(\w+) → ([\d.]+) s$/, (m, t) => t('tl.timerArmed', { name: m[1] ?? '', deadline: m[2] ?? '' })],
  [/^(\w+) expired$/, (m, t) => t('tl.timerFired', { name: m[1] ?? '' })],
  [/^add_header skipped on (\d+)$/, (m, t) => t('tl.addHeaderSkipped', { status: m[1] ?? '' })],
  [/^tunnel open$/, (_, t) => t('tl.tunnelOpen')],
  [/^no file (.+)$/, (m, t) => t('tl.noFile', { path: m[1] ?? '' })],
  [/^close \(no close frame\)$/, (_, t) => t('tl.closeNoFrame')],
  [/^close \(no response\)$/, (_, t) => t('tl.closeNoResponse')],
  [/^close \((\w+)\)$/, (m, t) => t('tl.closeAfter', { directive: m[1] ?? '' })],
  [/^close$/, (_, t) => t('tl.close')],
  [/^client closes$/, (_, t) => t('tl.clientCloses')],
  [/^client drops TCP$/, (_, t) => t('tl.clientDropsTcp')],
  [/^backend closes TCP$/, (_, t) => t('tl.backendClosesTcp')],
  [/^step without a tunnel$/, (_, t) => t('tl.stepWithoutTunnel')],
  [/^step before the tunnel$/, (_, t) => t('tl.stepBeforeTunnel')],
  [/^return 444: close$/, (_, t) => t('tl.return444')],
  [/^close (\d+)$/, (m, t) => t('tl.closeFrame', { code: m[1] ?? '' })],
  [
    /^(text|ping|pong|binary) ("(?:[^"\\]|\\.)*")$/,
    (m, t) => t(`tl.frame.${m[1] as 'text'}`, { data: m[2] ?? '' }),
  ],
  [/^(ping|pong)$/, (m, t) => t(`tl.frame.${m[1] as 'ping'}.empty`)],
  [/^(text|binary) \((\d+) bytes\)$/, (m, t) => t(`tl.frameBytes.${m[1] as 'text'}`, { bytes: m[2] ?? '' })],
  // Scenario v2's events, drawn over nginx.
  [/^reload$/, (_, t) => t('tl.reload')],
  [/^restart$/, (_, t) => t('tl.restart')],
  [/^backend_down (\S+)$/, (m, t) => t('tl.backendDown', { address: m[1] ?? '' })],
  [/^backend_up (\S+)$/, (m, t) => t('tl.backendUp', { address: m[1] ?? '' })],
];

/**
 * `clients`: scenario v2's client names. Its labels start with the client's name (`c1: close`),
 * which stays as written while the rest is re-worded.
 */
export function localLabel(
  label: string,
  t: Translator<'playground'>,
  clients: ReadonlySet<string> = NO_CLIENTS,
): string {
  const named = /^([^:\s]+): (.*)$/s.exec(label);
  if (named && clients.has(named[1] ?? '')) return `${named[1]}: ${localLabel(named[2] ?? '', t)}`;
  for (const [pattern, word] of RULES) {
    const m = pattern.exec(label);
    if (m) return word(m, t);
  }
  return label;
}

const NO_CLIENTS: ReadonlySet<string> = new Set();

export function localTimeline(
  events: readonly TimelineEvent[],
  t: Translator<'playground'>,
  clients: ReadonlySet<string> = NO_CLIENTS,
): TimelineEvent[] {
  return events.map((e) => ({ ...e, label: localLabel(e.label, t, clients) }));
}
