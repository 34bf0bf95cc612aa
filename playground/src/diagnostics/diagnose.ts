import { parseConfig } from '../config/parse';
import type { ConfigTree, NodeSpan } from '../config/tree';
import type { AnyScenario } from '../scenario/types';
import { buildContext } from './context';
import { ruleIds, rules } from './registry';
import type { DiagnoseOptions, Diagnostic, Span } from './types';

/**
 * Finds WebSocket-proxy mistakes in a parsed config. Works on a partial tree too (a config
 * with syntax errors is checked up to where parsing stopped). Sorted by file (in parse
 * order), line, column, then rule.
 */
export function diagnose(parse: ConfigTree, options: DiagnoseOptions = {}): Diagnostic[] {
  const ctx = buildContext(parse, options);
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    for (const f of rule.check(ctx)) {
      out.push({
        id: rule.id,
        severity: f.severity,
        location: f.span ?? lineSpan(ctx.span(f.node)),
        message: f.message,
        explanation: f.explanation,
        ...(f.fix ? { fix: f.fix } : {}),
        guide: rule.guide,
      });
    }
  }
  const fileOrder = new Map(parse.files.map((c, i) => [c.file, i]));
  const ruleOrder = new Map(ruleIds.map((id, i) => [id, i]));
  return out.sort(
    (a, b) =>
      (fileOrder.get(a.location.file) ?? 0) - (fileOrder.get(b.location.file) ?? 0) ||
      a.location.line - b.location.line ||
      a.location.col - b.location.col ||
      (ruleOrder.get(a.id) ?? 0) - (ruleOrder.get(b.id) ?? 0) ||
      JSON.stringify(a.message).localeCompare(JSON.stringify(b.message)),
  );
}

/** A node's span as diagnostics report it: lines and columns (editors mark lines). */
function lineSpan(span: NodeSpan): Span {
  const out: Span = {
    file: span.file,
    line: span.line,
    col: span.col,
    endLine: span.endLine,
    endCol: span.endCol,
  };
  if (span.blockEndLine !== undefined) out.blockEndLine = span.blockEndLine;
  if (span.blockEndCol !== undefined) out.blockEndCol = span.blockEndCol;
  return out;
}

/**
 * Parses a scenario's config (its `files` serve `include`) and diagnoses it with the
 * scenario's request, backends and nginx version. What the playground calls on each run.
 */
export function diagnoseScenario(
  scenario: AnyScenario,
  options: Omit<DiagnoseOptions, 'scenario'> = {},
): Diagnostic[] {
  const files = scenario.files ?? {};
  const parse = parseConfig(scenario.config, {
    file: 'nginx.conf',
    resolveInclude: (pattern) =>
      files[pattern] !== undefined ? [{ file: pattern, text: files[pattern]! }] : null,
  });
  return diagnose(parse, { ...options, scenario, sources: { 'nginx.conf': scenario.config, ...files } });
}
