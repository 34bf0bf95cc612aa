/**
 * Guides show configs in two shapes: a whole nginx.conf, or only what goes inside `http { }`
 * (top-level `map`, `upstream`, `server`). The analyzer and simulator treat the second shape
 * as if it were wrapped in `http { }`, with line numbers unchanged.
 */
import type { ConfigTree } from './tree';

export type ConfigForm = 'main' | 'http';

/** Directives that only make sense at the top of a whole nginx.conf. */
const MAIN_ONLY = new Set([
  'http',
  'events',
  'stream',
  'mail',
  'user',
  'worker_processes',
  'pid',
  'load_module',
  'daemon',
  'master_process',
  'worker_rlimit_nofile',
  'worker_rlimit_core',
  'worker_priority',
  'worker_cpu_affinity',
  'worker_shutdown_timeout',
  'env',
  'lock_file',
  'pcre_jit',
  'thread_pool',
  'timer_resolution',
  'working_directory',
  'ssl_engine',
]);

/**
 * Which shape a parsed config has, judged by its main file's top-level directives as written
 * (or by the given directives): `main` (a whole nginx.conf) or `http` (contents of http).
 */
export function configForm(config: ConfigTree | ReadonlyArray<{ readonly name: string }>): ConfigForm {
  const top = 'files' in config ? (config.files[0]?.nodes ?? []) : config;
  if (top.length === 0) return 'main';
  return top.some((d) => MAIN_ONLY.has(d.name)) ? 'main' : 'http';
}

/**
 * Wraps `http`-shaped text into a whole nginx.conf for a real `nginx -t`, keeping every line
 * where it was: the opening goes on line 1, the closing brace after the last line.
 */
export function wrapHttpContent(text: string): string {
  return `events {} http { ${text}\n}\n`;
}
