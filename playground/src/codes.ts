import { diagnosticCodes } from './diagnostics/registry';
import { goalCodes } from './exercises/messages';
import { reasonCodes } from './explain/reasons';

/**
 * Every message code the engine can emit, by the dictionary namespace that holds its texts
 * (src/i18n/<lang>.json): `reason` for explanations and notes, `diagnostic` for diagnostics,
 * `goal` for exercise goal results.
 */
export const messageCodes = {
  reason: reasonCodes,
  diagnostic: diagnosticCodes,
  goal: goalCodes,
} as const;

export type MessageNamespace = keyof typeof messageCodes;
