/**
 * `nginx-ws-lab simulate FILE… [--json] [--nginx-version X.Y.Z]`: runs each scenario through the simulator and prints
 * the client's transcript, or (with --json) one outcome JSON per file, one per line.
 * Exit 0 when every file was simulated; 2 when a file cannot be read or is not a valid scenario.
 */
import { loadScenario, renderTranscript, simulate, versionFeatures } from '../../src/index';
import { readTextFile } from '../config-files';
import { say } from '../i18n';
import { cliRegexRunner, EngineTimeout, scenarioPlace, timeoutMessage, withinTimeLimit } from '../time-limit';
import { invalidUtf8Message } from '../utf8-file';

export const summary = 'simulate scenario files: transcript, or outcome JSON with --json';

const USAGE = `usage: nginx-ws-lab simulate FILE… [--json] [--color] [--nginx-version X.Y.Z]

Simulates each scenario (YAML or JSON, scenario format v1) and prints what the client saw.
  --json            print the outcome (format outcome@1) of each file as one JSON line
  --color           colour the transcript (ANSI)
  --nginx-version   the nginx version to model (default: the scenario's nginx_version, else 1.22.1)

exit status: 0 every file simulated, 2 a file could not be read or is not a valid scenario.
`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const json = args.includes('--json');
  const color = args.includes('--color');
  const at = args.indexOf('--nginx-version');
  const nginxVersion = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !/^\d+\.\d+(\.\d+)?$/.test(nginxVersion ?? '')) {
    process.stderr.write(`nginx-ws-lab simulate: --nginx-version needs a version such as 1.30.6\n${USAGE}`);
    return 2;
  }
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  const unknown = rest.filter((a) => a.startsWith('-') && !['--json', '--color'].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`nginx-ws-lab simulate: unknown option ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const files = rest.filter((a) => !a.startsWith('-'));
  if (files.length === 0) {
    process.stderr.write(`nginx-ws-lab simulate: no scenario file given\n${USAGE}`);
    return 2;
  }
  let status = 0;
  for (const file of files) {
    const read = readTextFile(file);
    if (!read.ok) {
      process.stderr.write(`nginx-ws-lab simulate: cannot read ${file}: ${read.reason}\n`);
      status = 2;
      continue;
    }
    if (read.invalid) {
      // A scenario in another encoding would load with mangled text: refuse it, saying where.
      process.stderr.write(`${invalidUtf8Message(file, read.invalid)}; save the scenario as UTF-8\n`);
      status = 2;
      continue;
    }
    const text = read.text;
    const loaded = loadScenario(text);
    if (!loaded.scenario) {
      for (const p of loaded.errors) {
        process.stderr.write(`${file}${p.line !== null ? `:${p.line}` : ''}: ${p.message}\n`);
      }
      status = 2;
      continue;
    }
    const scenario = loaded.scenario;
    let sim: ReturnType<typeof simulate>;
    try {
      sim = withinTimeLimit(() =>
        simulate(scenario, { regex: cliRegexRunner, ...(nginxVersion ? { nginxVersion } : {}) }),
      );
    } catch (error) {
      if (!(error instanceof EngineTimeout)) throw error;
      process.stderr.write(`${timeoutMessage(error, (origin) => scenarioPlace(file, origin))}\n`);
      status = 2;
      continue;
    }
    // What the simulator could not model (or refused to run) goes to stderr, so --json stays clean.
    for (const e of sim.errors) {
      if (!e.code.startsWith('engine-') && e.code !== 'eval') continue;
      const where = e.line !== null ? ` (config line ${e.line})` : '';
      const note = e.explain ? say('en', 'reason', e.explain) : e.error;
      process.stderr.write(`${file}${where}: simulator note: ${note}\n`);
    }
    if (json) process.stdout.write(`${JSON.stringify(sim.outcome)}\n`);
    else {
      if (files.length > 1) process.stdout.write(`== ${file}\n`);
      // The transcript names the version it models, as the playground's does (outcome@1 has no field for it).
      const modelled = versionFeatures(nginxVersion ?? scenario.nginx_version).version;
      process.stdout.write(`* simulated as nginx ${modelled}\n${renderTranscript(sim, { color })}`);
    }
  }
  return status;
}
