import { type CodeTable, messages } from '../message';

/**
 * Every message code a goal result can carry, with the parameters its text uses. The texts
 * live in the site's dictionaries (namespace `goal` of src/i18n/<lang>.json); a unit test
 * checks every code here has a text in every language, with the same placeholders.
 */
export const goalCodes = {
  failed: ['want', 'got'],
  status: ['status'],
  'no-response': [],
  tunnel: [],
  'no-tunnel-wanted': [],
  'tunnel-opened': [],
  'tunnel-not-opened': [],
  'end.open': [],
  'end.no-tunnel': [],
  'end.closed': ['by', 'at', 'reason'],
  'who.client': [],
  'who.backend': [],
  'who.nginx': [],
  'alive-at': ['at'],
  'end-by.none': [],
  'end-by': ['by'],
  'request-line': ['line'],
  'no-request': [],
  backend: ['backend'],
  'upstream-header.absent': ['name'],
  'upstream-header': ['name', 'value'],
  'upstream-header.missing': ['name'],
  'response-header.absent': ['name'],
  'response-header': ['name', 'value'],
  'response-header.no-response': [],
  'response-header.missing': ['name'],
  frames: ['frames'],
  'frames.missing': ['frame', 'seen'],
  'frames.none': [],
  'config-error': [],
  'config-ok': [],
  'config-failed': ['error'],
  'config-passed': [],
  ssl: ['list'],
  'ssl.not-parsed': [],
  'ssl.no-server': [],
  'ssl.enabled': ['line', 'protocols'],
  'ssl.enabled-by-default': ['line', 'protocols'],
  'ssl.enabled-by-default-server': ['line', 'protocols'],
  'upstream-connections': ['backend', 'count'],
  'upstream-connections.got': ['count'],
  client: ['name', 'goal'],
  'client.missing': ['name'],
} as const satisfies CodeTable;

export type GoalCode = keyof typeof goalCodes;

/** Builds a goal message; the compiler checks the code and its parameters. */
export const say = messages(goalCodes);
