import { type CodeTable, messages } from '../message';

/**
 * The message codes several rules share, with the parameters their texts use. A rule's own
 * codes are declared in its module (`Rule.codes`); `registry.ts` gathers both into
 * `diagnosticCodes`. `list-separator` joins list parameters.
 */
export const sharedCodes = {
  'evidence-name-only': [],
  'list-separator': [],
  'inheritance-lost.fix': ['list'],
  'remove-line.fix': [],
  'connection-from-map.fix': [],
} as const satisfies CodeTable;

/** Builds the messages of a rule module: its own codes and the shared ones, checked by the compiler. */
export function ruleMessages<const T extends CodeTable>(codes: T) {
  return messages({ ...sharedCodes, ...codes } as typeof sharedCodes & T);
}
