import { parse } from 'yaml';
import { DEFAULT_NGINX_VERSION, encodePermalink } from '../../../playground/src/index';
import type { Lang } from '../../i18n/languages';
import { PICKER_VERSIONS } from '../../playground-ui/nginx-version';
import { setIn } from '../../playground-ui/scenario-text';
import { findScenarioText } from './scenario-snippet';

/** One row of <ByVersion>: what real nginx of one version did with a scenario (its recording). */
export interface VersionRow {
  version: string;
  distro: (typeof PICKER_VERSIONS)[number]['distro'];
  /** The request line nginx sent to the backend, or null when it sent none. */
  requestLine: string | null;
  /** The `Connection` header(s) nginx sent upstream ('' when none). */
  connection: string | null;
  /** The status the client got, or null when no response came. */
  status: number | null;
  /** The scenario, set to this version, in the playground. */
  href: string;
}

interface OutcomeV1 {
  format?: string;
  response?: { status?: number } | null;
  upstream?: Array<{ request_line?: string; headers?: Array<[string, string]> }>;
}

/** Where a version's recording of `content/scenarios/<set>/<name>.yaml` lives. */
function recordingKey(name: string, version: string): string {
  const [set, file] = name.split('/') as [string, string];
  const folder = version === DEFAULT_NGINX_VERSION ? '' : `${version}/`;
  return `/content/scenarios/${set}/recorded/${folder}${file}.json`;
}

/**
 * The rows for a scenario, one per proven version, read from the outcomes recorded on real nginx
 * (never written by hand). Throws, naming the file, when a recording is missing or is not
 * outcome@1, so a guide cannot claim what was not recorded.
 */
export function versionRows(
  name: string,
  scenarios: Record<string, string>,
  recordings: Record<string, string>,
  lang: Lang,
): VersionRow[] {
  const text = findScenarioText(name, scenarios);
  if ('nginx_version' in ((parse(text) as Record<string, unknown>) ?? {}))
    throw new Error(
      `content/scenarios/${name}.yaml is pinned to one version: <ByVersion> needs an unpinned scenario`,
    );
  return PICKER_VERSIONS.map(({ version, distro }) => {
    const key = recordingKey(name, version);
    const raw = recordings[key];
    if (raw === undefined) throw new Error(`${key.slice(1)} is missing: record the scenario on ${version}`);
    const outcome = JSON.parse(raw) as OutcomeV1;
    if (outcome.format !== 'outcome@1')
      throw new Error(`${key.slice(1)}: <ByVersion> shows outcome@1 recordings only`);
    const first = outcome.upstream?.[0];
    const connection = first
      ? (first.headers ?? [])
          .filter(([h]) => h.toLowerCase() === 'connection')
          .map(([, v]) => v)
          .join(', ')
      : null;
    return {
      version,
      distro,
      requestLine: first?.request_line ?? null,
      connection,
      status: outcome.response?.status ?? null,
      href: `/${lang}/playground/#s=${encodePermalink(setIn(text, ['nginx_version'], version))}`,
    };
  });
}
