/** Diagnostics: WebSocket-proxy mistakes in an nginx config, explained through message codes. */
export { diagnose, diagnoseScenario, ruleIds } from './diagnose';
export { applyEdits } from './edits';
export { ruleGuides, ruleScenarios } from './guides';
export { type DiagnosticCode, diagnosticCodes } from './messages';
export type {
  DiagnoseOptions,
  Diagnostic,
  Fix,
  Position,
  RuleId,
  Severity,
  TextEdit,
} from './types';
