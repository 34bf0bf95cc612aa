/** Diagnostics: WebSocket-proxy mistakes in an nginx config, explained in zh and en. */
export { diagnose, diagnoseScenario, localize, ruleIds } from './diagnose';
export { applyEdits } from './edits';
export { ruleGuides, ruleScenarios } from './guides';
export type {
  DiagnoseOptions,
  Diagnostic,
  Fix,
  Position,
  RuleId,
  Severity,
  TextEdit,
} from './types';
