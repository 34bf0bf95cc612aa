/**
 * `nginx-ws-lab parse FILE [--json]`: parses an nginx config like `crossplane parse` and checks
 * it like `nginx -t`. Prints crossplane JSON (with --json) or "syntax is ok"; on errors prints
 * `nginx: [emerg] MSG in FILE:LINE` and exits 1. `include` globs resolve relative to FILE.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { checkParsed } from '../../src/config/analyze';
import { formatNginxError } from '../../src/config/check';
import { type IncludedFile, parseConfig } from '../../src/config/parse';

export const summary = 'parse and check an nginx config: crossplane JSON or nginx -t style errors';

const USAGE = `usage: nginx-ws-lab parse FILE [--json]

Parses FILE as nginx does and reports what \`nginx -t\` would say.
  --json    print the parse tree as crossplane JSON (also when there are errors)
`;

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Expands an include pattern against the file system, relative to the main file's directory. */
function resolver(baseDir: string) {
  return (pattern: string): IncludedFile[] | null => {
    const full = isAbsolute(pattern) ? pattern : join(baseDir, pattern);
    const read = (path: string): IncludedFile | null => {
      try {
        return { file: path, text: readFileSync(path, 'utf8') };
      } catch {
        return null;
      }
    };
    if (!/[*?[]/.test(pattern)) {
      const one = read(full);
      return one ? [one] : null;
    }
    const dir = dirname(full);
    const re = globToRegExp(full.slice(dir.length + 1));
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => re.test(n))
        .sort();
    } catch {
      return [];
    }
    return names
      .map((n) => join(dir, n))
      .filter((p) => {
        try {
          return statSync(p).isFile();
        } catch {
          return false;
        }
      })
      .map(read)
      .filter((f): f is IncludedFile => f !== null);
  };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const json = args.includes('--json');
  const files = args.filter((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  if (files.length !== 1 || unknown.length > 0) {
    process.stderr.write(`nginx-ws-lab parse: expected one FILE and optionally --json\n${USAGE}`);
    return 2;
  }
  const file = files[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`nginx: [emerg] open() "${file}" failed (${(error as Error).message})\n`);
    return 1;
  }
  const result = checkParsed(parseConfig(text, { file, resolveInclude: resolver(dirname(file)) }));
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (result.errors.length > 0) {
    process.stderr.write(`nginx: [emerg] ${formatNginxError(result.errors[0]!)}\n`);
    if (!json) process.stderr.write(`nginx: configuration file ${file} test failed\n`);
    return 1;
  }
  if (!json) {
    process.stdout.write(
      `nginx: the configuration file ${file} syntax is ok\nnginx: configuration file ${file} test is successful\n`,
    );
  }
  return 0;
}
