/**
 * Compares one nginx version's real outcomes with the 1.22.1 recordings next to the scenarios
 * and with the simulator set to that version, field by field, stricter than the contract (the
 * same extra checks as tests/sim/recorded-scenarios.test.ts: every response header but Date, in
 * order, and every error.log line).
 *
 *   NGINX_BIN=.nginx/1.26.3/nginx npx nginx-ws-lab conformance --real-only --record OUT --jobs 3
 *   npx tsx scripts/nginx-versions/compare.ts 1.26.3 OUT [--json FILE]
 *       [--scenarios DIR] [--baseline DIR]   # other scenarios; 1.22.1 outcomes recorded elsewhere
 *
 * Prints, for each scenario that differs, what changed against 1.22.1 ("vs 1.22.1") and where
 * the simulator set to the version disagrees with it ("simulator"). The `Server` header is
 * compared with its version number blanked, since it names the version by design.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWN_DISAGREEMENTS_FILE } from '../../playground/cli/conformance/known-disagreements';
import {
  type AnyOutcome,
  compareOutcomes,
  type Difference,
  loadScenario,
  type OutcomeResponse,
  simulate,
} from '../../playground/src/index';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ScenarioComparison {
  scenario: string;
  /** The real run of this version against the 1.22.1 recording (none recorded: null). */
  vsRecorded: Difference[] | null;
  /** The simulator at this version against the real run. */
  simulator: Difference[];
}

function responseHeaders(response: OutcomeResponse): Array<[string, string]> {
  return Object.entries(response.headers)
    .filter(([name]) => name !== 'date')
    .map(([name, value]) => [name, name === 'server' ? value.replace(/^nginx\/[\d.]+$/, 'nginx/…') : value]);
}

/** outcome@1's response headers, or (outcome@2) every response's, each line prefixed with `client#request`. */
function headersOf(o: AnyOutcome): Array<[string, string]> | null {
  if ('clients' in o)
    return o.clients.flatMap((c) =>
      c.requests.flatMap((r, i) =>
        r.response
          ? responseHeaders(r.response).map(([n, v]): [string, string] => [`${c.name}#${i} ${n}`, v])
          : [],
      ),
    );
  if (!('response' in o) || !o.response) return null;
  return responseHeaders(o.response);
}

/** Contract differences plus response headers, error.log lines and exact `nginx -t` wording. */
export function strictDifferences(expected: AnyOutcome, actual: AnyOutcome): Difference[] {
  const diffs = compareOutcomes(expected, actual);
  if (
    'config_error' in expected &&
    'config_error' in actual &&
    expected.config_error !== actual.config_error
  ) {
    if (!diffs.length)
      diffs.push({
        field: 'config_error (exact)',
        expected: expected.config_error,
        actual: actual.config_error,
      });
  }
  const eh = headersOf(expected);
  const ah = headersOf(actual);
  if (eh && ah && JSON.stringify(eh) !== JSON.stringify(ah)) {
    diffs.push({ field: 'response headers', expected: eh, actual: ah });
  }
  const el = 'error_log' in expected ? expected.error_log : undefined;
  const al = 'error_log' in actual ? actual.error_log : undefined;
  if (el && al && JSON.stringify(el) !== JSON.stringify(al)) {
    diffs.push({ field: 'error_log', expected: el, actual: al });
  }
  return diffs;
}

function scenarioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...scenarioFiles(path));
    else if (
      entry.name.endsWith('.yaml') &&
      entry.name !== KNOWN_DISAGREEMENTS_FILE &&
      !/\/(recorded|expected)\//.test(path)
    )
      out.push(path);
  }
  return out.sort();
}

export interface CompareOptions {
  /** Where the scenarios are (default content/scenarios). */
  scenarios?: string;
  /** A flat directory of 1.22.1 outcomes (default: each scenario's own `recorded/`). */
  baseline?: string;
}

export function compareVersion(
  version: string,
  recordings: string,
  options: CompareOptions = {},
): ScenarioComparison[] {
  const rows: ScenarioComparison[] = [];
  for (const yaml of scenarioFiles(options.scenarios ?? join(repoRoot, 'content/scenarios'))) {
    const name = basename(yaml, '.yaml');
    const realPath = join(recordings, `${name}.json`);
    if (!existsSync(realPath)) continue;
    const real = JSON.parse(readFileSync(realPath, 'utf8')) as AnyOutcome;
    const recordedPath = options.baseline
      ? join(options.baseline, `${name}.json`)
      : join(dirname(yaml), 'recorded', `${name}.json`);
    const recorded = existsSync(recordedPath)
      ? (JSON.parse(readFileSync(recordedPath, 'utf8')) as AnyOutcome)
      : null;
    const loaded = loadScenario(readFileSync(yaml, 'utf8'));
    const simulator = loaded.scenario
      ? strictDifferences(real, simulate(loaded.scenario, { nginxVersion: version }).outcome)
      : [{ field: 'scenario', expected: 'loads', actual: loaded.errors.map((e) => e.message).join('; ') }];
    rows.push({
      scenario: relative(process.cwd(), yaml),
      vsRecorded: recorded ? strictDifferences(recorded, real) : null,
      simulator,
    });
  }
  return rows;
}

function show(d: Difference, expected: string, actual: string): string {
  const width = Math.max(expected.length, actual.length) + 1;
  return [
    `    ${d.field}:`,
    `      ${expected.padEnd(width)}${JSON.stringify(d.expected)}`,
    `      ${actual.padEnd(width)}${JSON.stringify(d.actual)}`,
  ].join('\n');
}

function main(argv: string[]): number {
  const [version, recordings] = argv;
  if (!version || !recordings) {
    process.stderr.write(
      'usage: tsx scripts/nginx-versions/compare.ts VERSION RECORDINGS_DIR [--json FILE] [--scenarios DIR] [--baseline DIR]\n',
    );
    return 2;
  }
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] ? resolve(argv[at + 1]!) : undefined;
  };
  const scenarios = option('--scenarios');
  const baseline = option('--baseline');
  const rows = compareVersion(version, resolve(recordings), {
    ...(scenarios ? { scenarios } : {}),
    ...(baseline ? { baseline } : {}),
  });
  const json = option('--json');
  if (json) writeFileSync(json, `${JSON.stringify(rows, null, 1)}\n`);
  const changed = rows.filter((r) => r.vsRecorded?.length);
  const disagree = rows.filter((r) => r.simulator.length);
  for (const r of changed) {
    process.stdout.write(
      `vs 1.22.1  ${r.scenario}\n${r.vsRecorded!.map((d) => show(d, '1.22.1', version)).join('\n')}\n`,
    );
  }
  for (const r of disagree) {
    process.stdout.write(
      `simulator  ${r.scenario}\n${r.simulator.map((d) => show(d, 'real', 'sim')).join('\n')}\n`,
    );
  }
  process.stdout.write(
    `nginx ${version}: ${rows.length} scenarios compared; ${changed.length} differ from the 1.22.1 recordings ` +
      `(${rows.filter((r) => r.vsRecorded === null).length} have none); the simulator at ${version} disagrees on ${disagree.length}\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
