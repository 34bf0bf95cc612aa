/**
 * `nginx-ws-lab format FILE`: crossplane's `format` — the file reparsed with its comments and
 * printed with one statement a line, blocks indented.
 */
import { writeFileSync } from 'node:fs';
import { formatConfig } from '../../src/index';
import { fileSystemHost } from '../crossplane-host';
import { parseOptions } from '../options';

export const summary = 'print an nginx config in a uniform layout (crossplane format)';

const USAGE = `usage: nginx-ws-lab format FILE [-o OUT] [-i NUM | -t]

Prints FILE with one statement a line and blocks indented, comments kept (crossplane's
format). Included files are not read. A syntax error is printed as "MESSAGE in FILE:LINE".

options:
  -o, --out FILE     write to FILE instead of standard output
  -i, --indent NUM   spaces per level (default 4)
  -t, --tabs         indent with tabs

exit status: 0 formatted, 1 the file has a syntax error or cannot be read, 2 bad usage.
`;

/** What `format` prints for FILE (relative paths read against `base`); throws on a syntax error. */
export function formatText(file: string, indent: number, tabs: boolean, base?: string): string {
  return `${formatConfig(file, fileSystemHost(base), { indent, tabs })}\n`;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseOptions(args, {
    flags: ['tabs', 'help'],
    values: ['out', 'indent'],
    short: { o: 'out', i: 'indent', t: 'tabs', h: 'help' },
  });
  if ('error' in parsed) {
    process.stderr.write(`nginx-ws-lab format: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (parsed.flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const indent = parsed.values.indent ?? '4';
  if (parsed.positional.length !== 1 || !/^\d+$/.test(indent)) {
    process.stderr.write(`nginx-ws-lab format: expected one FILE and a whole number for --indent\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = formatText(parsed.positional[0]!, Number(indent), parsed.flags.has('tabs'));
  } catch (error) {
    process.stderr.write(`nginx-ws-lab format: ${(error as Error).message}\n`);
    return 1;
  }
  if (parsed.values.out !== undefined) writeFileSync(parsed.values.out, text);
  else process.stdout.write(text);
  return 0;
}
