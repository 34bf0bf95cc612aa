import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ConfigNode, directiveInfo, parseConfig } from '../../playground/src/index';
import en from '../../src/i18n/en.json';
import zh from '../../src/i18n/zh.json';
import { configPresets } from '../../src/playground-ui/config-presets';
import { directiveHelp, referenceUrl } from '../../src/playground-ui/directive-help/lookup';
import { directiveMentions } from './guides-mentions';
import { pagesUnder, readPage } from './guides-outline';
import { DIRECTIVE_PAGES, NGINX_DOCS } from './nginx-reference';

const root = join(import.meta.dirname, '../..');
const DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients']);

/** Directive names a config uses (map entries and MIME types are not directives). */
function directivesOf(config: string, into: Set<string>): void {
  const walk = (nodes: readonly ConfigNode[] | undefined) => {
    for (const node of nodes ?? []) {
      if (directiveInfo(node.name)) into.add(node.name);
      if (!DATA_BLOCKS.has(node.name)) walk(node.block);
    }
  };
  walk(parseConfig(config).root.block);
}

/** Every config string in a scenario or exercise file (`config`, `start_config`, an event's `config`, …). */
function configsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) configsIn(v, out);
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if (/config$/.test(key) && typeof v === 'string') out.push(v);
      else configsIn(v, out);
    }
  return out;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8'));
}

/** What the playground's presets, the guides (their configs and prose) and the exercises use. */
function usedDirectives(): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const collect = (where: string, texts: string[]) => {
    const names = new Set<string>();
    for (const text of texts) directivesOf(text, names);
    used.set(where, names);
  };
  collect(
    'presets',
    configPresets.flatMap((p) => (p.kind === 'config' ? [p.text] : configsIn(parse(p.text)))),
  );
  collect(
    'exercises',
    yamlFiles('content/scenarios/exercises').flatMap((t) => configsIn(parse(t))),
  );
  const guides: string[] = yamlFiles('content/scenarios/guides').flatMap((t) => configsIn(parse(t)));
  const prose = new Set<string>();
  for (const lang of ['zh', 'en']) {
    const dir = join(root, 'content/docs', lang);
    for (const page of pagesUnder(dir)) {
      const text = readPage(dir, page);
      for (const m of text.matchAll(/```nginx[^\n]*\n([\s\S]*?)```/g)) guides.push(m[1] ?? '');
      for (const m of directiveMentions(text, (n) => directiveInfo(n) !== undefined)) prose.add(m.directive);
    }
  }
  collect('guides', guides);
  for (const name of prose) used.get('guides')?.add(name);
  return used;
}

describe('directive help covers what the site uses', () => {
  const used = usedDirectives();

  it('finds the directives the presets, guides and exercises use', () => {
    expect(used.get('presets')).toContain('proxy_read_timeout');
    expect(used.get('exercises')).toContain('proxy_http_version');
    expect(used.get('guides')).toContain('worker_shutdown_timeout');
    expect(used.get('guides')?.has('websocket')).toBe(false);
  });

  for (const [where, names] of used) {
    it(`explains every directive the ${where} use, in zh and en, with its nginx.org entry`, () => {
      const missing: string[] = [];
      for (const name of [...names].sort()) {
        for (const [lang, table] of [
          ['en', en.directive],
          ['zh', zh.directive],
        ] as const) {
          const help = directiveHelp(name, null, table);
          if (!help?.summary) missing.push(`${name}: no ${lang} line in src/i18n/${lang}.json "directive"`);
        }
        if (!referenceUrl(name)) missing.push(`${name}: no nginx.org entry`);
      }
      expect(missing).toEqual([]);
    });
  }

  it("links the same nginx.org entries as the guides' hand-written links", () => {
    const differ = Object.entries(DIRECTIVE_PAGES)
      .filter(([name]) => directiveInfo(name))
      .filter(([name, page]) => referenceUrl(name) !== `${NGINX_DOCS}${page}#${name}`)
      .map(([name, page]) => `${name}: guides ${page}, help ${referenceUrl(name)}`);
    expect(differ).toEqual([]);
  });
});
