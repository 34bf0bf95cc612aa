/**
 * `nginx-ws-lab` command line. Each subcommand is a module in ./commands/<name>.ts that
 * exports `run(args: string[]): Promise<number>` (the exit code) and `summary` (one line
 * for --help), so subcommands are added without touching this file.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Command {
  run(args: string[]): Promise<number>;
  summary: string;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function available(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<Command> {
  return (await import(join(commandsDir, `${name}.ts`))) as Command;
}

async function help(): Promise<void> {
  const lines = ['usage: nginx-ws-lab <command> [options]', '', 'commands:'];
  for (const name of available()) lines.push(`  ${name.padEnd(12)} ${(await load(name)).summary}`);
  lines.push('', "Run 'nginx-ws-lab <command> --help' for a command's options.");
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    await help();
    return name ? 0 : 2;
  }
  if (!available().includes(name)) {
    process.stderr.write(`nginx-ws-lab: unknown command "${name}"; try --help\n`);
    return 2;
  }
  return (await load(name)).run(rest);
}
