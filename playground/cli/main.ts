/**
 * `nginx-ws-lab` command line. Each subcommand is a module in ./commands/<name>.ts that
 * exports `run(args: string[]): Promise<number>` (the exit code) and `summary` (one line
 * for --help); `./commands/index.ts` lists them (loaded only when run), so that the published
 * bundle carries every command.
 */
import { COMMANDS } from './commands/index';
import { version } from './version';

interface Command {
  run(args: string[]): Promise<number>;
  summary: string;
}

function available(): string[] {
  return Object.keys(COMMANDS).sort();
}

async function load(name: string): Promise<Command> {
  return (await COMMANDS[name]!()) as Command;
}

async function help(): Promise<void> {
  const lines = ['usage: nginx-ws-lab <command> [options]', '', 'commands:'];
  for (const name of available()) lines.push(`  ${name.padEnd(12)} ${(await load(name)).summary}`);
  lines.push(
    '',
    "Run 'nginx-ws-lab <command> --help' for a command's options and exit statuses.",
    "'nginx-ws-lab --version' prints the version.",
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write(`nginx-ws-lab ${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    await help();
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`nginx-ws-lab: unknown command "${name}"; try --help\n`);
    return 2;
  }
  return (await load(name)).run(rest);
}
