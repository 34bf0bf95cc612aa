/** The conformance table: one row per scenario, then each disagreement field by field. */
import type { AnyOutcome, Difference } from '../../src/index';
import { isConfigError } from '../../src/index';

export type Verdict =
  | { kind: 'agree' }
  | { kind: 'disagree'; diffs: Difference[] }
  /** The simulator disagrees, as the set's KNOWN-DISAGREEMENTS.yaml says it does (for these causes). */
  | { kind: 'known'; causes: string[] }
  | { kind: 'skipped'; why: string };

export interface Row {
  name: string;
  /** The nginx version the scenario was played on (x.y.z). */
  nginx: string;
  seconds: number;
  real?: AnyOutcome;
  /** Why the real run could not be made (runner or scenario problem). */
  error?: string;
  simulator: Verdict;
  /** Against the outcome recorded for this version (recordings.ts). */
  recorded: Verdict;
  /** The scenario's `expect` goals (exercises) judged on the real outcome. */
  goals: Verdict;
}

export function summarize(o: AnyOutcome | undefined): string {
  if (!o) return 'error';
  if (isConfigError(o)) return 'config error';
  if (o.format === 'outcome@2') {
    const statuses = o.clients.flatMap((c) => c.requests.map((r) => r.response?.status ?? '-'));
    const line = `${o.clients.length}c ${statuses.join(' ')}`;
    return line.length > 22 ? `${line.slice(0, 21)}…` : line;
  }
  if (!o.response) return 'no response';
  return `${o.response.status}${o.tunnel ? ' tunnel' : ''}${o.end ? ` end:${o.end.by}` : ''}`;
}

function cell(v: Verdict): string {
  if (v.kind === 'agree') return 'agree';
  if (v.kind === 'disagree') return 'DISAGREE';
  if (v.kind === 'known') return 'known';
  return '-';
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function failed(row: Row): boolean {
  return (
    Boolean(row.error) ||
    row.simulator.kind === 'disagree' ||
    row.recorded.kind === 'disagree' ||
    row.goals.kind === 'disagree'
  );
}

export function renderTable(rows: Row[]): string {
  const width = Math.min(60, Math.max(8, ...rows.map((r) => r.name.length)));
  const lines = [
    `${'scenario'.padEnd(width)}  ${'real nginx'.padEnd(22)}  ${'simulator'.padEnd(9)}  ${'recorded'.padEnd(9)}  ${'goals'.padEnd(9)}  seconds`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.name.padEnd(width)}  ${summarize(r.real).padEnd(22)}  ${cell(r.simulator).padEnd(9)}  ` +
        `${cell(r.recorded).padEnd(9)}  ${cell(r.goals).padEnd(9)}  ${r.seconds.toFixed(1)}`,
    );
    if (r.error) lines.push(`    error: ${r.error}`);
    for (const [label, v] of [
      ['simulator', r.simulator],
      ['recorded', r.recorded],
      ['goals', r.goals],
    ] as const) {
      if (v.kind !== 'disagree') continue;
      for (const d of v.diffs) {
        lines.push(`    ${label}: ${d.field}: real ${show(d.expected)} ≠ ${label} ${show(d.actual)}`);
      }
    }
  }
  return lines.join('\n');
}
