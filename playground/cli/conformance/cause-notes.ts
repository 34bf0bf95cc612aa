/**
 * Which `not_modelled` codes of the simulator's outcome show a known disagreement's cause
 * (KNOWN-DISAGREEMENTS*.yaml, causes explained in docs/world-corpus.md): a scenario the simulator
 * still gets wrong must say so in its outcome, with a code that names its cause, so the playground
 * shows the limit where it applies. tests/sim/known-limits-shown.test.ts holds every listed
 * scenario to it.
 */
export const CAUSE_NOTES: Readonly<Record<string, readonly string[]>> = {
  'error-page': ['unmodelled-error_page'],
  gzip: ['unmodelled-gzip'],
  'if-handler-inheritance': ['unmodelled-if-handler'],
  'limit-except': ['unmodelled-limit_except'],
  'own-upstream': ['unmodelled-own-upstream', 'unmodelled-own-upstream-keepalive'],
  'proxy-cache': ['unmodelled-proxy_cache'],
  ranges: ['unmodelled-proxy-ranges', 'unmodelled-ranges'],
  ssi: ['unmodelled-ssi'],
  'try-files': ['unmodelled-try_files'],
  'upstream-variables': ['unmodelled-implicit-upstream'],
  'variable-names-implicit-upstream': ['unmodelled-implicit-upstream'],
  'x-accel-redirect': ['unmodelled-x-accel-redirect'],
};

/** Whether one of an entry's causes is named by a code of the outcome's `not_modelled`. */
export function causeShown(causes: readonly string[], codes: readonly string[]): boolean {
  return causes.some((cause) => (CAUSE_NOTES[cause] ?? []).some((code) => codes.includes(code)));
}
