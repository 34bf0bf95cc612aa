import type { CodeTable } from '../message';

/**
 * The message codes the engine puts in `HeaderDecision.reason`, `TimelineEvent.explain` and
 * `ConfigError.explain`, each with the parameters its text uses. The texts live in the site's
 * dictionaries (namespace `reason` of src/i18n/<lang>.json); a unit test checks every code
 * here has a text in every language, with the same placeholders.
 */
export const reasonCodes = {
  'default-host': [],
  'default-connection-close': [],
  'default-connection-none': [],
  'default-body': [],
  'default-hop-by-hop': [],
  'default-expect': [],
  'default-upgrade': [],
  'not-inherited': ['by', 'level', 'line'],
  'empty-value': ['expression'],
  'empty-in-table': [],
  'replaced-by-set': ['value'],
  'dropped-by-default-table': ['value'],
  'request-headers-off': [],
  'timer-read-header': [],
  'timer-connect': [],
  'timer-tunnel': [],
  'timer-lazy': [],
  'timer-keepalive': [],
  'tunnel-open': [],
  'no-tunnel-no-upgrade': [],
  'handshake-refused': ['problem'],
  'next-upstream': [],
  'no-live-upstreams': [],
  'worker-connections-exhausted': ['listening', 'n'],
  'static-not-found': ['path'],
  'step-skipped': [],
  'no-listener': ['port'],
  'rewrite-if-true': ['condition'],
  'rewrite-if-false': ['condition'],
  'rewrite-uri': ['flag', 'from', 'to'],
  'rewrite-break': [],
  'respond-return': ['status'],
  'respond-close': [],
  'respond-rewrite': ['location', 'status'],
  'respond-auto-redirect': ['location'],
  'respond-rewrite-cycle': [],
  'respond-rewrite-empty': [],
  'respond-no-resolver': [],
  'respond-try-files': ['status'],
  'internal-redirect': ['uri'],
  'error-page': ['status', 'target'],
  'response-server': [],
  'response-error-page': [],
  'response-no-page': [],
  'response-no-content': [],
  'response-connection-upgrade': [],
  'response-connection-keepalive': [],
  'response-connection-close': [],
  'response-nginx': [],
  'response-nginx-writes': [],
  'response-hidden': [],
  'response-location-absolute': [],
  'upstream-self': ['address'],
  'events-added': [],
  'static-file': ['path', 'type'],
  'response-file-time': [],
  'response-file-ranges': [],
  'add-header-empty-removes': [],
  'unmodelled-self-loop': [],
  'unmodelled-try_files': [],
  'unmodelled-limit_except': [],
  'unmodelled-allow': [],
  'unmodelled-deny': [],
  'unmodelled-auth_basic': [],
  'unmodelled-auth_request': [],
  'unmodelled-internal': [],
  'unmodelled-mirror': [],
  'unmodelled-error_page': ['status', 'target'],
  'unmodelled-resolver': ['host'],
  'unmodelled-scenario-v2': ['feature'],
  'add-header-skipped': ['names', 'status'],
  'too-many-directives': ['limit'],
  'event-limit': ['at', 'limit'],
} as const satisfies CodeTable;

export type ReasonCode = keyof typeof reasonCodes;

/** An explanation: a reason code with its parameters (the compiler checks the code is declared). */
export interface Reason {
  code: ReasonCode;
  params?: Record<string, string | number>;
}
