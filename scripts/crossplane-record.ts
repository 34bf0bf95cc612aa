/**
 * Records what crossplane itself prints, for `tests/crossplane/crossplane.test.ts` to hold our
 * `parse --json`, `format` and `build` to, byte for byte:
 *
 *   npx tsx scripts/crossplane-record.ts --crossplane DIR
 *
 * DIR is a checkout of github.com/nginxinc/crossplane (only read and run, never copied into this
 * repository); `python3` runs it. Cases: crossplane's own test configs (`tests/crossplane/configs`,
 * from that repository's tests) with each parse option, and every scenario config under
 * `content/scenarios` (the corpus: guides, conformance, nginx-tests, published configs), each
 * written with its extra files into a temporary directory and parsed there as `nginx.conf`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
export const CONFIGS = join(ROOT, 'tests/crossplane/configs');
export const RECORDED = join(ROOT, 'tests/crossplane/recorded');

/** The option sets every crossplane test config is parsed with. */
export const OPTION_SETS: readonly (readonly string[])[] = [
  [],
  ['--include-comments'],
  ['--combine'],
  ['--single-file'],
  ['--strict'],
  ['--ignore', 'listen,server_name,events,location'],
  ['--no-catch'],
  ['--tb-onerror'],
  ['--combine', '--include-comments', '--strict'],
  ['-i', '4'],
];

/** Each main file of crossplane's test configs, relative to its config directory. */
export function crossplaneCases(): Array<{ dir: string; file: string }> {
  const out: Array<{ dir: string; file: string }> = [];
  for (const name of readdirSync(CONFIGS).sort()) {
    const dir = join(CONFIGS, name);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.conf')) out.push({ dir: name, file });
    }
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

export interface CorpusConfig {
  /** Scenario path relative to the repository. */
  key: string;
  config: string;
  files: Record<string, string>;
}

/** Every scenario config of the corpus (scenario files with a `config`). */
export function corpusConfigs(): CorpusConfig[] {
  const out: CorpusConfig[] = [];
  for (const path of walk(join(ROOT, 'content/scenarios')).sort()) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    const d = doc as { config?: unknown; files?: Record<string, string> };
    if (typeof d?.config !== 'string') continue;
    out.push({ key: relative(ROOT, path), config: d.config, files: d.files ?? {} });
  }
  return out;
}

/** Writes a corpus config into `dir` as `nginx.conf` with its extra files. */
export function writeCorpusConfig(dir: string, c: CorpusConfig): void {
  writeFileSync(join(dir, 'nginx.conf'), c.config);
  for (const [name, text] of Object.entries(c.files)) {
    if (name.startsWith('/') || name.split('/').includes('..')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Runs crossplane's CLI functions for each job of a JSON list on stdin; prints their outputs. */
const DRIVER = `
import contextlib, io, json, os, sys, traceback
from crossplane.__main__ import parse_args

class Keep(io.StringIO):
    def close(self):
        pass

results = []
for job in json.load(sys.stdin):
    os.chdir(job['cwd'])
    buf = Keep()
    try:
        with contextlib.redirect_stdout(buf):
            kwargs = parse_args(job['args']).__dict__
            func = kwargs.pop('_subcommand')
            func(**kwargs)
        results.append(buf.getvalue())
    except BaseException as e:
        results.append('ERROR\\n' + traceback.format_exception_only(type(e), e)[-1].strip() + '\\n')
sys.stdout.write(json.dumps(results))
`;

/**
 * A `--tb-onerror` callback is a Python traceback naming where crossplane is installed: only
 * its last line (the exception) is kept, and only it is compared.
 */
function lastLineCallbacks(text: string): string {
  if (!text.includes('"callback"')) return text;
  const payload = JSON.parse(text) as { errors: Array<{ callback?: string }> };
  for (const e of payload.errors) {
    if (e.callback !== undefined) e.callback = e.callback.trim().split('\n').at(-1)!;
  }
  return `${JSON.stringify(payload)}\n`;
}

function main(): void {
  const at = process.argv.indexOf('--crossplane');
  const checkout = at >= 0 ? process.argv[at + 1] : undefined;
  if (!checkout) {
    process.stderr.write('usage: npx tsx scripts/crossplane-record.ts --crossplane DIR\n');
    process.exit(2);
  }
  const env = { ...process.env, PYTHONPATH: resolve(checkout) };
  /** Every run in one Python process (crossplane's own CLI functions, output captured). */
  const runAll = (jobs: Array<{ cwd: string; args: string[] }>): string[] => {
    const out = execFileSync('python3', ['-c', DRIVER], {
      env,
      input: JSON.stringify(jobs),
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    return JSON.parse(out) as string[];
  };
  const version = `crossplane ${execFileSync('python3', ['-c', 'import crossplane; print(crossplane.__version__)'], { env, encoding: 'utf8' }).trim()}`;
  mkdirSync(RECORDED, { recursive: true });

  const parse: Record<string, string> = {};
  const format: Record<string, string> = {};
  const jobs: Array<{ cwd: string; args: string[]; key: string; into: Record<string, string> }> = [];
  for (const { dir, file } of crossplaneCases()) {
    const cwd = join(CONFIGS, dir);
    for (const options of OPTION_SETS) {
      jobs.push({
        cwd,
        args: ['parse', file, ...options],
        key: [dir, file, ...options].join(' '),
        into: parse,
      });
    }
    jobs.push({ cwd, args: ['format', file], key: `${dir} ${file}`, into: format });
  }
  runAll(jobs.map(({ cwd, args }) => ({ cwd, args }))).forEach((text, k) => {
    jobs[k]!.into[jobs[k]!.key] = lastLineCallbacks(text);
  });
  writeFileSync(
    join(RECORDED, 'crossplane-tests.json'),
    `${JSON.stringify({ crossplane: version, parse, format }, null, 1)}\n`,
  );

  const corpus: Record<string, { sha: string; parse: string; format: string }> = {};
  const top = mkdtempSync(join(tmpdir(), 'xp-record-'));
  try {
    const configs = corpusConfigs();
    const dirs = configs.map((c, k) => {
      const dir = join(top, String(k));
      mkdirSync(dir);
      writeCorpusConfig(dir, c);
      return dir;
    });
    const out = runAll(
      dirs.flatMap((cwd) => [
        { cwd, args: ['parse', 'nginx.conf'] },
        { cwd, args: ['format', 'nginx.conf'] },
      ]),
    );
    configs.forEach((c, k) => {
      corpus[c.key] = { sha: digest(c.config), parse: out[2 * k]!, format: out[2 * k + 1]! };
    });
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
  writeFileSync(
    join(RECORDED, 'corpus.json'),
    `${JSON.stringify({ crossplane: version, corpus }, null, 1)}\n`,
  );
  process.stdout.write(
    `recorded ${Object.keys(parse).length} parse and ${Object.keys(format).length} format runs of crossplane's configs, ${Object.keys(corpus).length} corpus configs (${version})\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
