/** Diagnostics: WebSocket-proxy mistakes in an nginx config, explained through message codes. */
export { diagnose, diagnoseScenario } from './diagnose';
export { applyEdits } from './edits';
export { type DiagnosticCode, diagnosticCodes, ruleGuides, ruleIds, ruleScenarios } from './registry';
export type {
  DiagnoseOptions,
  Diagnostic,
  Fix,
  Position,
  RuleId,
  Severity,
  TextEdit,
} from './types';
