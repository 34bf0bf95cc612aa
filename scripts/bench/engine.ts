/**
 * Engine speed for `npm run bench`:
 * 1. simulate() per scenario of the corpus (content/scenarios/**), parsed-config
 *    cache warm;
 * 2. the playground's edit loop per scenario: a one-character edit of the config, then what the
 *    page and its worker do with it (joinScenario, then runScenario: checkConfig for the lint
 *    markers, loadScenario, simulate, the diagram text and the diagnostics) — a new text every
 *    call, so the config cache never answers;
 * 3. parseConfig()/checkConfig() on a generated 10,000-line config against the `nginx-conf` npm
 *    parser (timed in alternating rounds, so that the ratio of the two holds on a busy machine)
 *    and `nginx -t` on the same file;
 * 4. simulate() on a generated scenario v2 of 100 clients and 1,000 requests (many-clients.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as nginxConfParse } from 'nginx-conf';
import {
  type AnyScenario,
  checkConfig,
  crossplaneParse,
  loadScenario,
  parseConfig,
  simulate,
} from '../../playground/src/index';
import { engine, runScenario } from '../../src/playground-ui/run-scenario';
import { joinScenario, splitScenario } from '../../src/playground-ui/scenario-text';
import { MANY_CLIENTS, manyClientsScenario, REQUESTS_PER_CLIENT } from './many-clients';
import { median, pairedRatio, round, time } from './stats';

export interface PerScenario {
  /** Median over scenarios of each scenario's median time, in ms. */
  median: number;
  worst: number;
  worstScenario: string;
}

export interface EngineResults {
  scenarios: number;
  simulateWarm: PerScenario;
  editLoop: PerScenario;
  bigConfig: {
    lines: number;
    parseConfig: number;
    checkConfig: number;
    /** `crossplaneParse()`: crossplane's payload with its context and argument checks. */
    crossplane: number;
    nginxConf: number;
    /**
     * parseConfig()'s time over nginx-conf's: the median of rounds that time both back to back.
     * Absent in results written before it was measured.
     */
    parseVsNginxConf?: number;
    /** null when nginx is not installed. */
    nginxT: number | null;
  };
  /** simulate() on a scenario v2 of `clients` clients and `requests` requests, median ms. */
  manyClients?: { clients: number; requests: number; simulate: number };
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

interface CorpusEntry {
  file: string;
  text: string;
  scenario: AnyScenario;
}

function corpus(root: string): CorpusEntry[] {
  const dirs = [join(root, 'content/scenarios')];
  const out: CorpusEntry[] = [];
  for (const file of dirs.flatMap(yamlFiles)) {
    const text = readFileSync(file, 'utf8');
    const { scenario } = loadScenario(text);
    if (scenario) out.push({ file: relative(root, file), text, scenario });
  }
  return out;
}

/**
 * The `run`-th one-character edit of a config: a space or a tab typed at the end of one of its
 * lines — a new text each time (so no cache answers) that nginx reads the same way.
 */
export function oneCharacterEdit(config: string, run: number): string {
  const ends: number[] = [];
  for (let i = 0; i < config.length; i++) if (config[i] === '\n') ends.push(i);
  if (ends.length === 0) ends.push(config.length);
  const at = ends[run % ends.length]!;
  const char = Math.floor(run / ends.length) % 2 === 0 ? ' ' : '\t';
  return `${config.slice(0, at)}${char}${config.slice(at)}`;
}

function perScenario(entries: CorpusEntry[], measure: (e: CorpusEntry) => number): PerScenario {
  const times = entries.map((e) => ({ file: e.file, ms: measure(e) }));
  const worst = times.reduce((a, b) => (b.ms > a.ms ? b : a), { file: '', ms: 0 });
  return { median: round(median(times.map((t) => t.ms))), worst: round(worst.ms), worstScenario: worst.file };
}

/** A realistic 10,000-line config: many servers, each proxying WebSocket. */
export function generateConfig(lines: number): string {
  const out = ['events { worker_connections 1024; }', 'http {'];
  out.push(
    '    map $http_upgrade $connection_upgrade {',
    '        default upgrade;',
    "        ''      close;",
    '    }',
  );
  let i = 0;
  while (out.length < lines - 2) {
    out.push(
      '    server {',
      `        listen ${20000 + (i % 10000)};`,
      `        server_name s${i}.example.com;`,
      `        location /ws${i}/ {`,
      `            proxy_pass http://127.0.0.1:${30000 + (i % 10000)};`,
      '            proxy_http_version 1.1;',
      '            proxy_set_header Upgrade $http_upgrade;',
      '            proxy_set_header Connection $connection_upgrade;',
      '            proxy_read_timeout 60s;',
      '        }',
      '    }',
    );
    i++;
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

function nginxTest(config: string): number | null {
  if (!existsSync('/usr/sbin/nginx')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  try {
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n${config}`);
    return time(() => {
      try {
        execFileSync('/usr/sbin/nginx', ['-t', '-q', '-p', dir, '-c', conf], { stdio: 'pipe' });
      } catch {
        // -t does not bind ports; a failure here only means the config was rejected.
      }
    }, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchEngine(root: string, log: (line: string) => void): EngineResults {
  const entries = corpus(root);
  if (entries.length === 0) throw new Error(`no scenarios under ${root}/content/scenarios`);
  log(`engine: ${entries.length} scenarios`);

  const simulateWarm = perScenario(entries, ({ scenario }) => {
    for (let i = 0; i < 20; i++) simulate(scenario);
    return time(() => simulate(scenario), 50);
  });

  const editLoop = perScenario(entries, ({ file, text }) => {
    const split = splitScenario(text);
    if (!split.ok) throw new Error(`${file}: the playground cannot split this scenario: ${split.message}`);
    const { config, rest } = split.value;
    const request = (run: number): void => {
      const edited = oneCharacterEdit(config, run);
      const joined = joinScenario(edited, rest);
      if (!joined.ok) throw new Error(`${file}: joinScenario failed: ${joined.message}`);
      const response = runScenario(engine, { id: run, scenario: joined.text, config: edited });
      if (response.kind === 'error')
        throw new Error(`${file}: the worker would answer "${response.message}"`);
    };
    for (let i = 0; i < 5; i++) request(1000 + i);
    return time(request, 20);
  });

  const big = generateConfig(10_000);
  const lines = big.split('\n').length - 1;
  for (let i = 0; i < 3; i++) checkConfig(big);
  const parseNginxConf = (): void => {
    nginxConfParse(big, (err) => {
      if (err) throw err;
    });
  };
  const versus = pairedRatio(() => parseConfig(big), parseNginxConf, 15);
  log(
    `engine: parseConfig() ${round(versus.a, 2)} ms, nginx-conf ${round(versus.b, 2)} ms on ${lines.toLocaleString('en')} lines: ` +
      `parseConfig takes ${versus.ratio.toFixed(2)}× nginx-conf's time (goal ≤ 1×: ${versus.ratio <= 1 ? 'met' : 'MISSED'})`,
  );
  const bigConfig = {
    lines,
    parseConfig: round(versus.a, 1),
    checkConfig: round(
      time(() => checkConfig(big), 15),
      1,
    ),
    crossplane: round(
      time(() => crossplaneParse('nginx.conf', { read: () => ({ text: big }), glob: () => [] }), 15),
      1,
    ),
    nginxConf: round(versus.b, 1),
    parseVsNginxConf: round(versus.ratio, 2),
    nginxT: ((t) => (t === null ? null : round(t, 1)))(nginxTest(big)),
  };
  const many = loadScenario(manyClientsScenario());
  if (!many.scenario) throw new Error(`the many-clients scenario does not load: ${many.errors[0]?.message}`);
  const manyScenario = many.scenario;
  for (let i = 0; i < 5; i++) simulate(manyScenario);
  const manyClients = {
    clients: MANY_CLIENTS,
    requests: MANY_CLIENTS * REQUESTS_PER_CLIENT,
    simulate: round(
      time(() => simulate(manyScenario), 15),
      1,
    ),
  };
  return { scenarios: entries.length, simulateWarm, editLoop, bigConfig, manyClients };
}
