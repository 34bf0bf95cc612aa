import { DEFAULT_NGINX_VERSION, versionFeatures } from '../../playground/src/index';
import { readRest, setIn } from './scenario-text';

/**
 * The nginx versions a reader can pick: the builds the corpus is recorded and proven on
 * (scripts/nginx-versions/nginx-versions.json; tests/unit/nginx-version-picker.test.ts keeps the
 * two lists equal). `distro` names the dictionary's hint: which Debian release ships that build.
 */
export const PICKER_VERSIONS = [
  { version: '1.22.1', distro: 'bookworm' },
  { version: '1.26.3', distro: 'trixie' },
  { version: '1.30.6', distro: 'sid' },
] as const;

/**
 * The version a scenario's YAML (without `config`) asks for, as the engine models it: its
 * `nginx_version`, normalised (`"1.30"` is 1.30.0), else the default that scenarios without one
 * have always been simulated on. A permalink made before the picker existed has no
 * `nginx_version` and so opens on the version it always modelled.
 */
export function scenarioVersion(rest: string): string {
  const pinned = readRest(rest)?.nginx_version;
  return versionFeatures(typeof pinned === 'string' ? pinned : DEFAULT_NGINX_VERSION).version;
}

/** The YAML with `nginx_version` set to the picked version; everything else kept as written. */
export function withVersion(rest: string, version: string): string {
  return setIn(rest, ['nginx_version'], version);
}

/** The picker entry for a modelled version, or null for one the picker does not offer. */
export function pickerEntry(version: string): (typeof PICKER_VERSIONS)[number] | null {
  return PICKER_VERSIONS.find((p) => p.version === version) ?? null;
}

/**
 * A scenario from a preset replaces the page's: it keeps the reader's picked version unless it
 * pins one itself, so choosing a preset does not silently switch nginx.
 */
export function keepVersion(current: string, next: string): string {
  const pinned = readRest(current)?.nginx_version;
  if (typeof pinned !== 'string' || readRest(next)?.nginx_version !== undefined) return next;
  return withVersion(next, pinned);
}

/** The transcript with a first line naming the version it models, as `curl -v` names its own. */
export function modelledTranscript<L extends { at: number; dir: '>' | '<' | '*'; text: string }>(
  lines: readonly L[],
  header: string,
): Array<L | { at: number; dir: '*'; text: string }> {
  return [{ at: 0, dir: '*', text: header }, ...lines];
}
