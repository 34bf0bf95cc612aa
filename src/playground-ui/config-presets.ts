import { parse } from 'yaml';
import type { Lang } from '../i18n/languages';

/**
 * Config presets, gathered at build time: the playground's basic scenarios, every scenario
 * the guides use (content/scenarios/guides/), the configs of the seed documents exactly
 * as published (content/presets/seeds/, mistakes included), and scenario v2 runs recorded on real
 * nginx that the simulator agrees with (several clients: keepalive reuse, a reload with an open
 * tunnel, capacity, balancing, keepalive_requests; a backend that stops reading in a tunnel).
 */

export type PresetGroup = 'basic' | 'guides' | 'seeds' | 'v2';

export interface ConfigPreset {
  id: string;
  group: PresetGroup;
  /** `scenario`: a whole scenario YAML; `config`: only an nginx config (the client is kept). */
  kind: 'scenario' | 'config';
  text: string;
  title: (lang: Lang) => string;
  /** For config presets: the request path their comment asks for (`# client path: /api/`). */
  clientPath?: string;
}

type RawModules = Record<string, string>;

const basic = import.meta.glob('../../content/presets/basic/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as RawModules;
const guides = import.meta.glob('../../content/scenarios/guides/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as RawModules;
const v2 = import.meta.glob(
  '../../content/scenarios/v2/{upstream-keepalive-reuse,reload-tunnel-survives,worker-connections-500,balance-round-robin,client-keepalive-requests,backend-stops-reading-tunnel}.yaml',
  { query: '?raw', import: 'default', eager: true },
) as RawModules;
const seeds = import.meta.glob('../../content/presets/seeds/*.conf', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as RawModules;

function stem(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.[a-z]+$/, '');
}

/** The `title` of a scenario YAML in the requested language, or null. */
export function scenarioTitle(text: string, lang: Lang): string | null {
  try {
    const data: unknown = parse(text);
    if (!data || typeof data !== 'object') return null;
    const title = (data as { title?: unknown }).title;
    if (typeof title === 'string') return title;
    if (title && typeof title === 'object') {
      const t = title as { zh?: unknown; en?: unknown };
      const value = t[lang] ?? t.en ?? t.zh;
      return typeof value === 'string' ? value : null;
    }
  } catch {
    // A broken preset still appears, under its file name.
  }
  return null;
}

/** A seed config's title in one language, from its `# title.zh:` / `# title.en:` comment lines. */
export function seedTitleOf(conf: string, lang: Lang): string | undefined {
  return new RegExp(`^#\\s*title\\.${lang}:\\s*(.+)$`, 'm').exec(conf)?.[1]?.trim();
}

export function clientPathOf(conf: string): string | undefined {
  return /^#\s*client path:\s*(\S+)/m.exec(conf)?.[1];
}

function scenarioPresets(modules: RawModules, group: PresetGroup): ConfigPreset[] {
  return Object.entries(modules)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({
      id: `${group}/${stem(path)}`,
      group,
      kind: 'scenario' as const,
      text,
      title: (lang: Lang) => scenarioTitle(text, lang) ?? stem(path),
    }));
}

export const configPresets: readonly ConfigPreset[] = [
  ...scenarioPresets(basic, 'basic'),
  ...scenarioPresets(guides, 'guides'),
  ...scenarioPresets(v2, 'v2'),
  ...Object.entries(seeds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]): ConfigPreset => {
      const clientPath = clientPathOf(text);
      return {
        id: `seeds/${stem(path)}`,
        group: 'seeds',
        kind: 'config',
        text,
        title: (lang: Lang) => seedTitleOf(text, lang) ?? stem(path),
        ...(clientPath ? { clientPath } : {}),
      };
    }),
];

export const DEFAULT_PRESET_ID = 'basic/canonical';
