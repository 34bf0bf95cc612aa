/**
 * `nginx-ws-lab build PAYLOAD.json`: crossplane's `build` — config files written back from a
 * crossplane JSON payload (what `parse --json` prints), or printed one after another.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { asFileText, buildConfig, type CrossplanePayload } from '../../src/index';
import { parseOptions } from '../options';

export const summary = 'write nginx config files from crossplane JSON (crossplane build)';

const USAGE = `usage: nginx-ws-lab build PAYLOAD.json [options]

Writes each config of a crossplane JSON payload (as printed by "parse --json") back as nginx
config text, at its "file" path relative to --dir.

options:
  -d, --dir PATH     the base directory to build in (default: the working directory)
  -f, --force        overwrite existing files (without it, building stops before writing
                     anything when a file exists)
  -i, --indent NUM   spaces per level (default 4)
  -t, --tabs         indent with tabs
  --no-headers       do not start each file with a comment saying it was built
  --stdout           print the files, each after a "# PATH" line, instead of writing them
  -v, --verbose      name each file written

exit status: 0 built, 1 unreadable payload or files in the way, 2 bad usage.
`;

function fail(message: string): number {
  process.stderr.write(`nginx-ws-lab build: ${message}\n`);
  return 1;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseOptions(args, {
    flags: ['force', 'tabs', 'no-headers', 'stdout', 'verbose', 'help'],
    values: ['dir', 'indent'],
    short: { d: 'dir', f: 'force', i: 'indent', t: 'tabs', v: 'verbose', h: 'help' },
  });
  if ('error' in parsed) {
    process.stderr.write(`nginx-ws-lab build: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const { flags, values, positional } = parsed;
  if (flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const indent = values.indent ?? '4';
  if (positional.length !== 1 || !/^\d+$/.test(indent)) {
    process.stderr.write(
      `nginx-ws-lab build: expected one PAYLOAD.json and a whole number for --indent\n${USAGE}`,
    );
    return 2;
  }
  let payload: CrossplanePayload;
  try {
    payload = JSON.parse(readFileSync(positional[0]!, 'utf8')) as CrossplanePayload;
  } catch (error) {
    return fail(`cannot read ${positional[0]}: ${(error as Error).message}`);
  }
  if (!payload || !Array.isArray(payload.config)) return fail(`${positional[0]} has no "config" list`);
  const base = values.dir ?? process.cwd();
  const options = { indent: Number(indent), tabs: flags.has('tabs'), header: !flags.has('no-headers') };
  const where = (file: string): string => (isAbsolute(file) ? file : join(base, file));
  const built = payload.config.map((c) => ({
    path: where(String(c.file)),
    text: asFileText(buildConfig(Array.isArray(c.parsed) ? c.parsed : [], options)),
  }));
  if (flags.has('stdout')) {
    for (const f of built) process.stdout.write(`# ${f.path}\n${f.text}\n`);
    return 0;
  }
  if (!flags.has('force')) {
    const existing = built.filter((f) => existsSync(f.path));
    if (existing.length > 0) {
      return fail(
        `building would overwrite these files (use --force):\n${existing.map((f) => `  ${f.path}`).join('\n')}`,
      );
    }
  }
  for (const f of built) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
    if (flags.has('verbose')) process.stdout.write(`wrote to ${f.path}\n`);
  }
  return 0;
}
