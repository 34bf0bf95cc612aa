/**
 * `nginx-ws-lab parse FILE [--json] [--nginx-version X.Y.Z]`: parses an nginx config like `crossplane parse` and checks
 * it like `nginx -t`. Prints crossplane JSON (with --json) or "syntax is ok"; on errors prints
 * `nginx: [emerg] MSG in FILE:LINE` and exits 1. `include` globs resolve relative to FILE's
 * directory; files are read as `check` reads them (config-files.ts).
 */
import { checkParsed } from '../../src/config/analyze';
import { formatNginxError } from '../../src/config/check';
import { parseConfig } from '../../src/config/parse';
import { utf8Bytes } from '../../src/limits/size';
import { diskIncludeResolver, readTextFile, refusalMessage } from '../config-files';

export const summary = 'parse and check an nginx config: crossplane JSON or nginx -t style errors';

const USAGE = `usage: nginx-ws-lab parse FILE [--json] [--nginx-version X.Y.Z]

Parses FILE as nginx does and reports what \`nginx -t\` would say.
  --json            print the parse tree as crossplane JSON (also when there are errors)
  --nginx-version   the nginx whose \`nginx -t\` to model (default 1.22.1): directives and
                    variables that came or went, e.g. "ssl" (until 1.25.1), "http2" (since)
`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const json = args.includes('--json');
  const at = args.indexOf('--nginx-version');
  const nginxVersion = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !/^\d+\.\d+(\.\d+)?$/.test(nginxVersion ?? '')) {
    process.stderr.write(`nginx-ws-lab parse: --nginx-version needs a version such as 1.30.6\n${USAGE}`);
    return 2;
  }
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  const files = rest.filter((a) => !a.startsWith('-'));
  const unknown = rest.filter((a) => a.startsWith('-') && a !== '--json');
  if (files.length !== 1 || unknown.length > 0) {
    process.stderr.write(`nginx-ws-lab parse: expected one FILE and optionally --json\n${USAGE}`);
    return 2;
  }
  const file = files[0]!;
  const read = readTextFile(file);
  if (!read.ok) {
    process.stderr.write(`nginx: [emerg] ${refusalMessage(read)}\n`);
    return 1;
  }
  const text = read.text;
  // Files on disk are capped when read (MAX_FILE_BYTES), not by the paste limit.
  const result = checkParsed(
    parseConfig(text, {
      file,
      resolveInclude: diskIncludeResolver(file, utf8Bytes(text)),
      maxBytes: Number.POSITIVE_INFINITY,
      maxDirectives: Number.POSITIVE_INFINITY,
    }),
    nginxVersion ? { nginxVersion } : {},
  );
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
