/**
 * Config text → (nginx -t errors, request-processing model), cached: the playground re-runs
 * the same config with different clients, and parsing is most of a simulation's cost.
 */

import { analyzeConfig } from '../config/analyze';
import type { ConfigError } from '../config/ast';
import { type IncludedFile, parseConfig } from '../config/parse';
import type { ConfigTree } from '../config/tree';
import { buildModel, type ConfigModel } from '../eval/model';
import type { RegexRunner } from '../eval/regex';
import { systemMimeTypesText } from './system-mime-types';

export interface Prepared {
  parse: ConfigTree;
  /** What `nginx -t` says, first message first; empty when the config is accepted. */
  configErrors: ConfigError[];
  model: ConfigModel;
}

export const CONFIG_FILE = 'nginx.conf';
const MIME_TYPES = 'mime.types';

/** `include` patterns resolved against the scenario's `files` (exact names, or `*` / `?` globs). */
export function includeResolver(files: Record<string, string> | undefined) {
  return (pattern: string): IncludedFile[] | null => {
    const names = Object.keys(files ?? {}).sort();
    if (!/[*?[]/.test(pattern)) {
      const hit = names.find((n) => n === pattern || n.endsWith(`/${pattern}`));
      if (hit !== undefined) return [{ file: hit, text: files![hit]! }];
      // The conformance runner copies the system's mime.types into the run's directory.
      return pattern === MIME_TYPES ? [{ file: MIME_TYPES, text: systemMimeTypesText() }] : null;
    }
    if (!files) return null;
    const re = new RegExp(
      `(^|/)${pattern
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    return names.filter((n) => re.test(n)).map((n) => ({ file: n, text: files[n]! }));
  };
}

const CACHE_LIMIT = 32;
const caches = new WeakMap<RegexRunner, Map<string, Prepared>>();

export function prepare(
  config: string,
  files: Record<string, string> | undefined,
  runner: RegexRunner,
  nginxVersion?: string,
): Prepared {
  let cache = caches.get(runner);
  if (!cache) {
    cache = new Map();
    caches.set(runner, cache);
  }
  const key = `${nginxVersion ?? ''}\u0000${config}${files ? `\u0000${JSON.stringify(files)}` : ''}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place so that the most recently used configs stay.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const parse = parseConfig(config, { file: CONFIG_FILE, resolveInclude: includeResolver(files) });
  // Certificates and other files nginx loads exist when the scenario provides them in `files`.
  const configErrors = analyzeConfig(parse, {
    ...(nginxVersion ? { nginxVersion } : {}),
    fileExists: (path) =>
      files !== undefined && Object.keys(files).some((n) => n === path || path.endsWith(`/${n}`)),
  });
  const model = buildModel(parse, runner);
  const prepared: Prepared = { parse, configErrors, model };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, prepared);
  return prepared;
}
