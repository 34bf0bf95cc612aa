/**
 * `nginx-ws-lab parse FILE`: crossplane's `parse` (the same JSON payload, byte for byte, with
 * crossplane's options), or with `--nginx-t` what `nginx -t` would say (the engine's fuller
 * check: missing `events`, unknown variables, files on this disk). `include` globs resolve
 * relative to FILE.
 */
import { writeFileSync } from 'node:fs';
import {
  type CrossplaneParseOptions,
  checkParsed,
  crossplaneParse,
  formatNginxError,
  parseConfig,
  pythonJson,
  utf8Bytes,
} from '../../src/index';
import { diskIncludeResolver, readTextFile, refusalMessage } from '../config-files';
import { fileSystemHost } from '../crossplane-host';
import { parseOptions } from '../options';

export const summary = 'parse an nginx config: crossplane JSON (crossplane parse), or nginx -t style errors';

const USAGE = `usage: nginx-ws-lab parse FILE [options]

Parses FILE as crossplane (nginxinc/crossplane) does: syntax, and each directive's context
and number of arguments; parsing goes on after a directive error. Included files are read too.
Without --json, prints each error as "MESSAGE in FILE:LINE" (exit 1) or that the syntax is ok.

options:
  --json                  print crossplane's JSON payload (exit 0 even when it has errors,
                          as crossplane does)
  -i, --indent NUM        indent the JSON by NUM spaces (default: compact, as crossplane)
  -o, --out FILE          write the JSON to FILE
  --ignore DIRECTIVES     leave these directives out (comma-separated)
  --no-catch              only collect the first error in each file (its tree is then empty)
  --tb-onerror            give each error a "callback" naming the exception
  --combine               one config with the included files spliced in
  --single-file           do not read included files
  --include-comments      keep comments as {"directive": "#", "comment": ...}
  --strict                unknown directives are errors
  --nginx-t               check as \`nginx -t\` would instead (missing events, unknown
                          variables, files that must exist); with --json, that envelope
  --nginx-version X.Y.Z   with --nginx-t: the nginx whose \`nginx -t\` to model (default
                          1.22.1): directives and variables that came or went

exit status: 0 no errors (always with --json), 1 errors, 2 bad usage.
Where this differs from crossplane on purpose (it follows nginx): docs/crossplane.md.
`;

export interface ParseInvocation {
  file: string;
  options: CrossplaneParseOptions;
  indent: number | undefined;
  json: boolean;
  out: string | undefined;
  nginxT: boolean;
  nginxVersion: string | undefined;
  help: boolean;
}

/** The command line of `parse` read into crossplane's options, or what is wrong with it. */
export function readParseArgs(args: readonly string[]): ParseInvocation | { error: string } {
  const parsed = parseOptions(args, {
    flags: [
      'json',
      'no-catch',
      'tb-onerror',
      'combine',
      'single-file',
      'include-comments',
      'strict',
      'nginx-t',
      'help',
    ],
    values: ['indent', 'out', 'ignore', 'nginx-version'],
    short: { i: 'indent', o: 'out', h: 'help' },
  });
  if ('error' in parsed) return parsed;
  const { flags, values, positional } = parsed;
  const help = flags.has('help');
  if (!help && positional.length !== 1) return { error: 'expected one FILE' };
  let indent: number | undefined;
  if (values.indent !== undefined) {
    indent = Number(values.indent);
    if (!/^\d+$/.test(values.indent))
      return { error: `--indent takes a whole number, not "${values.indent}"` };
  }
  const nginxVersion = values['nginx-version'];
  if (nginxVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(nginxVersion)) {
    return { error: '--nginx-version needs a version such as 1.30.6' };
  }
  return {
    file: positional[0] ?? '',
    options: {
      catchErrors: !flags.has('no-catch'),
      ignore: values.ignore ? values.ignore.split(',') : [],
      single: flags.has('single-file'),
      comments: flags.has('include-comments'),
      strict: flags.has('strict'),
      combine: flags.has('combine'),
      tracebacks: flags.has('tb-onerror'),
    },
    indent,
    json: flags.has('json'),
    out: values.out,
    nginxT: flags.has('nginx-t'),
    nginxVersion: values['nginx-version'],
    help,
  };
}

/** What `parse --json` prints for FILE, relative paths read against `base`. */
export function crossplaneJson(invocation: ParseInvocation, base?: string): string {
  const payload = crossplaneParse(invocation.file, fileSystemHost(base), invocation.options);
  return `${pythonJson(payload, invocation.indent)}\n`;
}

export async function run(args: string[]): Promise<number> {
  const invocation = readParseArgs(args);
  if ('error' in invocation) {
    process.stderr.write(`nginx-ws-lab parse: ${invocation.error}\n${USAGE}`);
    return 2;
  }
  if (invocation.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { file } = invocation;
  if (invocation.nginxT) return nginxT(file, invocation.json, invocation.nginxVersion);
  if (invocation.json || invocation.out !== undefined) {
    const text = crossplaneJson(invocation);
    if (invocation.out !== undefined) writeFileSync(invocation.out, text);
    else process.stdout.write(text);
    return 0;
  }
  const payload = crossplaneParse(file, fileSystemHost(), invocation.options);
  for (const error of payload.errors) process.stderr.write(`nginx-ws-lab: ${error.error}\n`);
  if (payload.errors.length > 0) return 1;
  process.stdout.write(
    `nginx-ws-lab: the configuration file ${file} syntax is ok (${payload.config.length} file(s) read)\n`,
  );
  return 0;
}

/** The engine's `nginx -t` prediction: nginx's first message, or nginx's two lines of success. */
function nginxT(file: string, json: boolean, nginxVersion: string | undefined): number {
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
