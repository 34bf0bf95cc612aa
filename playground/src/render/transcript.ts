/**
 * The client's view as text, like `curl -v` for the HTTP part and `websocat -v` for frames:
 * `>` sent by the client, `<` received, `*` what happened to the connection.
 */
import type { AnyOutcome } from '../scenario/types';
import type { Simulation } from '../sim/types';

export interface TranscriptOptions {
  /** ANSI colours (sent, received, info), for terminals. */
  color?: boolean;
}

const COLOURS: Record<string, string> = { '>': '\x1b[36m', '<': '\x1b[32m', '*': '\x1b[2m' };
const RESET = '\x1b[0m';

function time(at: number): string {
  return `${at.toFixed(3).padStart(8)}s`;
}

export function renderTranscript(sim: Simulation<AnyOutcome>, options: TranscriptOptions = {}): string {
  const lines: string[] = [];
  if ('config_error' in sim.outcome) {
    lines.push(`* nginx -t: ${sim.outcome.config_error}`);
  }
  for (const line of sim.transcript) {
    const text = `${time(line.at)} ${line.dir} ${line.text}`.trimEnd();
    lines.push(options.color ? `${COLOURS[line.dir] ?? ''}${text}${RESET}` : text);
  }
  if (sim.errorLog.length > 0) {
    lines.push('', 'error.log:');
    for (const entry of sim.errorLog) lines.push(`  ${entry}`);
  }
  for (const e of sim.errors) {
    if (e.code.startsWith('engine') || e.code === 'scenario-invalid') {
      lines.push(`! ${e.error}${e.line !== null ? ` (line ${e.line})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
