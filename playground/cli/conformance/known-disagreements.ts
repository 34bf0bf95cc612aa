/**
 * Scenarios the simulator is known to get wrong, listed per set in
 * `content/scenarios/<set>/KNOWN-DISAGREEMENTS.yaml`: scenario name → the cause (a code explained
 * in docs/world-corpus.md) and which checks of strict-compare.ts it still fails. The conformance
 * step and tests/sim/recorded-scenarios.test.ts treat exactly those failures as expected, and fail
 * when a listed scenario starts passing a listed check, so the list can only shrink as the
 * simulator learns.
 *
 *   proxy_redirect-off:
 *     cause: own-upstream          # or a list of causes
 *     fails: [outcome, headers]    # any of: outcome, headers, error_log
 *
 * That list holds for every nginx version. `<set>/KNOWN-DISAGREEMENTS.<version>.yaml` (e.g.
 * `KNOWN-DISAGREEMENTS.1.30.6.yaml`) lists what differs on one version: its entries replace the
 * set's entry for that scenario on that version, and an entry with no value (`name: ~`) says the
 * simulator gets that scenario right on that version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Verdict } from './report';
import { CHECKS, type Check } from './strict-compare';

export const KNOWN_DISAGREEMENTS_FILE = 'KNOWN-DISAGREEMENTS.yaml';
/** A known-disagreement list: the set's own, or one version's (`KNOWN-DISAGREEMENTS.1.30.6.yaml`). */
export const KNOWN_DISAGREEMENTS_NAME = /^KNOWN-DISAGREEMENTS(?:\.(\d+\.\d+\.\d+))?\.yaml$/;

/** The file of one version's list in a set directory. */
export function versionListFile(version: string): string {
  return `KNOWN-DISAGREEMENTS.${version}.yaml`;
}

export interface KnownDisagreement {
  causes: string[];
  fails: Check[];
}

/** Scenario name → its entry; null (version lists only): no disagreement on that version. */
export type KnownDisagreements = Map<string, KnownDisagreement | null>;

const CAUSE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The list of a set directory (empty when the set has none), or with `version` that version's own
 * list. Throws naming the entry at fault.
 */
export function readKnownDisagreements(setDir: string, version?: string): KnownDisagreements {
  const path = join(setDir, version ? versionListFile(version) : KNOWN_DISAGREEMENTS_FILE);
  const out: KnownDisagreements = new Map();
  if (!existsSync(path)) return out;
  const data: unknown = parseYaml(readFileSync(path, 'utf8'));
  if (data === null || data === undefined) return out;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`${path}: expected a mapping of scenario name → { cause, fails }`);
  }
  for (const [name, entry] of Object.entries(data as Record<string, unknown>)) {
    const at = `${path}: ${name}`;
    if (version && entry === null) {
      out.set(name, null);
      continue;
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new Error(`${at}: expected { cause, fails }`);
    const { cause, fails, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length) throw new Error(`${at}: unknown field ${Object.keys(rest).join(', ')}`);
    const causes = typeof cause === 'string' ? [cause] : cause;
    if (
      !Array.isArray(causes) ||
      causes.length === 0 ||
      !causes.every((c) => typeof c === 'string' && CAUSE.test(c))
    ) {
      throw new Error(`${at}: cause must be a code such as own-upstream (or a list of them)`);
    }
    if (
      !Array.isArray(fails) ||
      fails.length === 0 ||
      !fails.every((f) => (CHECKS as readonly unknown[]).includes(f)) ||
      new Set(fails).size !== fails.length
    ) {
      throw new Error(`${at}: fails must list one or more of ${CHECKS.join(', ')}`);
    }
    out.set(name, {
      causes: causes as string[],
      fails: CHECKS.filter((c) => (fails as string[]).includes(c)),
    });
  }
  return out;
}

const cache = new Map<string, KnownDisagreements>();

function cachedList(dir: string, version?: string): KnownDisagreements {
  const key = `${dir}\0${version ?? ''}`;
  let list = cache.get(key);
  if (!list) {
    list = readKnownDisagreements(dir, version);
    cache.set(key, list);
  }
  return list;
}

/**
 * The known disagreement listed for a scenario file on nginx `version` (default: any version): the
 * version's own list first, then the set's (cached).
 */
export function knownDisagreementFor(scenarioPath: string, version?: string): KnownDisagreement | null {
  const dir = dirname(scenarioPath);
  const name = basename(scenarioPath, extname(scenarioPath));
  if (version) {
    const own = cachedList(dir, version);
    if (own.has(name)) return own.get(name) ?? null;
  }
  return cachedList(dir).get(name) ?? null;
}

/**
 * The simulator's verdict in the light of the set's known disagreements: a listed scenario whose
 * outcome the simulator gets wrong is expected (`known`); one that agrees now is a failure until it
 * leaves the list, so the list only shrinks as the simulator learns.
 */
export function knownVerdict(v: Verdict, known: KnownDisagreement | null): Verdict {
  if (!known?.fails.includes('outcome')) return v;
  if (v.kind === 'disagree') return { kind: 'known', causes: known.causes };
  if (v.kind !== 'agree') return v;
  return {
    kind: 'disagree',
    diffs: [
      {
        field: 'known disagreement',
        expected: `a disagreement (${known.causes.join(', ')})`,
        actual: 'agreement: remove "outcome" from its entry in KNOWN-DISAGREEMENTS.yaml',
      },
    ],
  };
}
