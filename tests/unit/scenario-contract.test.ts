/**
 * The scenario contract and its twelve public scenarios are vendored into the repository, so a
 * clone alone proves them. Their checksums (taken from the originals when they were vendored)
 * prove the copies unchanged on any machine; where the originals sit next to the repository
 * (`../shared`, or NGINX_WS_LAB_SHARED), they are compared too, so a change to the contract shows
 * up here as a failure to act on: vendor the new version.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const vendored = join(root, 'content/scenarios/shared');
const originals = process.env.NGINX_WS_LAB_SHARED ?? resolve(root, '../shared');

/** Where each original file lives in the repository. */
function vendoredPath(original: string): string {
  if (original === 'scenario-format.md') return join(root, 'docs/scenario-format.md');
  const expected = /^scenarios\/expected\/(.+\.json)$/.exec(original);
  if (expected?.[1]) return join(vendored, 'recorded', expected[1]);
  return join(vendored, original.replace(/^scenarios\//, ''));
}

/** The project's copy of the contract is the original followed by the project's own additions. */
const EXTENSIONS_MARK = "\n---\n\n# The project's extensions\n";

function vendoredText(original: string): string {
  const text = readFileSync(vendoredPath(original), 'utf8');
  if (original !== 'scenario-format.md') return text;
  const at = text.indexOf(EXTENSIONS_MARK);
  expect(at, 'docs/scenario-format.md keeps the v1 contract, then its extensions').toBeGreaterThan(0);
  return text.slice(0, at);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const sums = readFileSync(join(vendored, 'ORIGINALS.sha256'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [sum = '', name = ''] = line.split(/\s+/);
    return { sum, name };
  });

describe('vendored scenario contract', () => {
  it('lists the contract and twelve scenarios, each with its recorded outcome', () => {
    expect(sums.map((s) => s.name)).toContain('scenario-format.md');
    const yamls = sums.filter((s) => s.name.endsWith('.yaml'));
    expect(yamls).toHaveLength(12);
    for (const { name } of yamls) {
      expect(sums.map((s) => s.name)).toContain(
        name.replace(/^scenarios\/(.+)\.yaml$/, 'scenarios/expected/$1.json'),
      );
    }
    const onDisk = readdirSync(vendored).filter((f) => f.endsWith('.yaml'));
    expect(onDisk.sort()).toEqual(yamls.map((s) => s.name.replace(/^scenarios\//, '')).sort());
  });

  for (const { sum, name } of sums) {
    it(`${name} is the original, unchanged`, () => {
      expect(sha256(vendoredText(name))).toBe(sum);
    });
  }

  // Present on the project's CI machines, absent in a user's clone: then the checksums above are
  // the whole proof, and nothing is skipped.
  if (existsSync(originals)) {
    it('the originals next to the repository are still the versions vendored here', () => {
      const changed = sums
        .filter(({ name }) => existsSync(join(originals, name)))
        .filter(({ sum, name }) => sha256(readFileSync(join(originals, name), 'utf8')) !== sum)
        .map(({ name }) => name);
      expect(changed, 'the contract changed: vendor the new files and their checksums').toEqual([]);
    });
  }
});

describe('the scenario v2 example of docs/scenario-format.md', () => {
  it('is content/scenarios/v2/contract-example.yaml (plus its description), recorded on real nginx', () => {
    const doc = readFileSync(join(root, 'docs/scenario-format.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Scenario v2\n'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const corpus = parseYaml(readFileSync(join(root, 'content/scenarios/v2/contract-example.yaml'), 'utf8'));
    delete corpus.description;
    expect(corpus).toEqual(parseYaml(example));
    const recorded = JSON.parse(
      readFileSync(join(root, 'content/scenarios/v2/recorded/contract-example.json'), 'utf8'),
    );
    // The outcome example shows what nginx did: the same connection for all three requests.
    expect(recorded.backends['127.0.0.1:18081'].connections[0].requests).toEqual([
      ['a', 0],
      ['b', 0],
      ['a', 1],
    ]);
    expect(section).toContain('"requests": [["a", 0], ["b", 0], ["a", 1]]');
  });
});
