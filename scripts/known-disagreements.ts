/**
 * Where the simulator stands against the world corpora's (and v2's) recordings, per scenario, next to each
 * set's KNOWN-DISAGREEMENTS.yaml: which listed scenarios agree now (and which checks they stopped
 * failing), and which fail a check the list does not expect. `--write` drops what agrees from the
 * lists (it never adds: a new disagreement is a regression to fix). `--show NAME` prints one
 * scenario's differences.
 *   npx tsx scripts/known-disagreements.ts [--write] [--show NAME]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import {
  KNOWN_DISAGREEMENTS_FILE,
  readKnownDisagreements,
} from '../playground/cli/conformance/known-disagreements';
import { compareStrict } from '../playground/cli/conformance/strict-compare';
import type { AnyOutcome } from '../playground/src/index';
import { loadScenario, simulate } from '../playground/src/index';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const write = args.includes('--write');
const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : null;
/** A cause now modelled: struck from the entries that still disagree for other causes. */
const dropCause = args.includes('--drop-cause') ? args[args.indexOf('--drop-cause') + 1] : null;

let regressions = 0;
for (const set of ['nginx-tests', 'published', 'v2']) {
  const dir = join(root, 'content/scenarios', set);
  const known = readKnownDisagreements(dir);
  const fixed: string[] = [];
  const narrowed = new Map<string, string[]>();
  let agree = 0;
  let total = 0;
  let contract = 0;
  for (const f of readdirSync(join(dir, 'recorded')).sort()) {
    const name = f.replace(/\.json$/, '');
    if (!existsSync(join(dir, `${name}.yaml`))) continue;
    if (show && name !== show) continue;
    total++;
    const loaded = loadScenario(readFileSync(join(dir, `${name}.yaml`), 'utf8'));
    const expected = JSON.parse(readFileSync(join(dir, 'recorded', f), 'utf8')) as AnyOutcome;
    const sim = simulate(loaded.scenario!);
    const r = compareStrict(expected, sim.outcome);
    if (show) {
      console.log(
        JSON.stringify(
          { failed: r.failed, outcome: r.outcome, headers: r.headers, errorLog: r.errorLog },
          null,
          1,
        ),
      );
      console.log('sim outcome:', JSON.stringify(sim.outcome, null, 1));
      continue;
    }
    if (r.failed.length === 0) agree++;
    if (!r.failed.includes('outcome')) contract++;
    const k = known.get(name);
    const expectedFails = k?.fails ?? [];
    const extra = r.failed.filter((c) => !expectedFails.includes(c));
    if (extra.length) {
      regressions++;
      console.log(`REGRESSION ${set}/${name}: now fails [${r.failed}] (listed [${expectedFails}])`);
    }
    if (k && r.failed.length === 0) fixed.push(name);
    else if (k && r.failed.length < k.fails.length && !extra.length) narrowed.set(name, r.failed);
  }
  if (show) continue;
  console.log(
    `${set}: ${total} scenarios, strict ${agree}, contract ${contract}; ${fixed.length} listed now agree, ${narrowed.size} fail fewer checks`,
  );
  for (const n of fixed) console.log(`  agrees: ${n} (${known.get(n)!.causes.join(', ')})`);
  for (const [n, f] of narrowed)
    console.log(`  fewer: ${n} [${known.get(n)!.fails}] → [${f}] (${known.get(n)!.causes.join(', ')})`);
  if (write) {
    const path = join(dir, KNOWN_DISAGREEMENTS_FILE);
    const doc = parseDocument(readFileSync(path, 'utf8'));
    for (const n of fixed) doc.delete(n);
    for (const [n, f] of narrowed) doc.setIn([n, 'fails'], doc.createNode(f, { flow: true }));
    if (dropCause) {
      for (const [n, k] of known) {
        if (!k || fixed.includes(n) || !k.causes.includes(dropCause)) continue;
        const rest = k.causes.filter((c) => c !== dropCause);
        if (rest.length === 0) console.log(`  ${n}: only cause ${dropCause} but still fails; kept`);
        else doc.setIn([n, 'cause'], doc.createNode(rest, { flow: true }));
      }
    }
    writeFileSync(path, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  }
}
process.exitCode = regressions ? 1 : 0;
