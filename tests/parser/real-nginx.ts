/**
 * Runs the installed nginx (`nginx -t`) on a config in a throwaway prefix and returns its
 * first error as { error, line }, the way `ConfigError` words it. http-shaped configs are
 * wrapped with `wrapHttpContent`, which keeps their line numbers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The nginx under test: NGINX_BIN (e.g. a launcher from scripts/nginx-versions) or the system's. */
export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

export function nginxAvailable(): boolean {
  return existsSync(NGINX);
}

export interface NginxVerdict {
  ok: boolean;
  /** The first `[emerg]` message without ` in FILE:LINE`. */
  error: string | null;
  line: number | null;
  file: string | null;
  raw: string;
}

/** A fresh prefix directory; the caller removes it with `removePrefix`. */
export function makePrefix(): string {
  return mkdtempSync(join(tmpdir(), 'nginx-lab-parser-'));
}

export function removePrefix(prefix: string): void {
  rmSync(prefix, { recursive: true, force: true });
}

/**
 * Writes `main` (already wrapped if needed) and `files` (relative names) under `prefix`
 * and runs `nginx -t` there, bounded to 10 s.
 */
export function runNginxTest(
  prefix: string,
  main: string,
  files: Record<string, string> = {},
  /** Another build, e.g. a launcher of scripts/nginx-versions (default: NGINX). */
  nginx = NGINX,
): NginxVerdict {
  const confPath = join(prefix, 'nginx.conf');
  writeFileSync(confPath, main);
  for (const [name, text] of Object.entries(files)) {
    const path = join(prefix, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  let raw: string;
  let ok = true;
  try {
    raw = execFileSync(
      nginx,
      [
        '-t',
        '-q',
        '-p',
        `${prefix}/`,
        '-c',
        confPath,
        '-g',
        `pid ${join(prefix, 'nginx.pid')}; error_log stderr;`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 },
    );
  } catch (error) {
    ok = false;
    const e = error as { stderr?: string; stdout?: string };
    raw = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  const first = raw.split('\n').find((l) => l.includes('[emerg]'));
  if (!first) return { ok, error: null, line: null, file: null, raw };
  const message = first.replace(/^.*?\[emerg\] (\d+#\d+: )?/, '');
  const located = /^(.*) in (\S+):(\d+)$/.exec(message);
  if (located) return { ok, error: located[1]!, file: located[2]!, line: Number(located[3]), raw };
  return { ok, error: message, line: null, file: null, raw };
}
