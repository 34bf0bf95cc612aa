/**
 * `npm run bench`: the engine's speed goals, measured (never asserted in unit tests).
 * 1. simulate(): median per scenario after warm-up, over every scenario in content/scenarios
 *    and ../shared/scenarios — goal < 1 ms, both with the config cache warm and with a
 *    fresh config text every call (what typing in the playground costs).
 * 2. parseConfig() + analysis on a generated 10,000-line config — goal < 50 ms — against
 *    the `nginx-conf` npm parser and `nginx -t` on the same file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as nginxConfParse } from 'nginx-conf';
import { checkConfig, loadScenario, parseConfig, type Scenario, simulate } from '../playground/src/index';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function time(fn: () => void, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const scenarios: Array<{ file: string; scenario: Scenario }> = [];
for (const file of [...yamlFiles('content/scenarios'), ...yamlFiles('../shared/scenarios')]) {
  const { scenario } = loadScenario(readFileSync(file, 'utf8'));
  if (scenario) scenarios.push({ file, scenario });
}

const warm: number[] = [];
const cold: number[] = [];
let salt = 0;
for (const { scenario } of scenarios) {
  for (let i = 0; i < 20; i++) simulate(scenario);
  warm.push(time(() => simulate(scenario), 50));
  // A comment that changes every call defeats the parsed-config cache.
  cold.push(time(() => simulate({ ...scenario, config: `${scenario.config}\n# ${salt++}` }), 20));
}
const worstWarm = Math.max(...warm);
const worstCold = Math.max(...cold);
console.log(`simulate: ${scenarios.length} scenarios`);
console.log(
  `  median of medians, cache warm: ${median(warm).toFixed(3)} ms (worst scenario ${worstWarm.toFixed(3)} ms)`,
);
console.log(
  `  median of medians, new config: ${median(cold).toFixed(3)} ms (worst scenario ${worstCold.toFixed(3)} ms)`,
);
console.log(`  goal < 1 ms median: ${median(cold) < 1 ? 'met' : 'NOT met'}`);

// A realistic 10,000-line config: many servers, each with maps' worth of locations.
function generateConfig(lines: number): string {
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

const big = generateConfig(10_000);
const bigLines = big.split('\n').length - 1;
for (let i = 0; i < 3; i++) checkConfig(big);
const ours = time(() => parseConfig(big), 15);
const oursChecked = time(() => checkConfig(big), 15);
const theirs = time(() => {
  nginxConfParse(big, (err) => {
    if (err) throw err;
  });
}, 15);
console.log(`\nparse a ${bigLines}-line config:`);
console.log(
  `  parseConfig:            ${ours.toFixed(1)} ms (goal < 50 ms: ${ours < 50 ? 'met' : 'NOT met'})`,
);
console.log(`  checkConfig (+nginx -t analysis): ${oursChecked.toFixed(1)} ms`);
console.log(
  `  nginx-conf (npm):       ${theirs.toFixed(1)} ms  → ours is ${(theirs / ours).toFixed(1)}× its speed`,
);

if (existsSync('/usr/sbin/nginx')) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  try {
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n${big}`);
    const nginxT = time(() => {
      try {
        execFileSync('/usr/sbin/nginx', ['-t', '-q', '-p', dir, '-c', conf], { stdio: 'pipe' });
      } catch {
        // Binding is not tried by -t; a failure here only means the config was rejected.
      }
    }, 5);
    console.log(
      `  nginx -t (whole process): ${nginxT.toFixed(1)} ms → ours is ${(nginxT / oursChecked).toFixed(1)}× its speed`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('  nginx -t: skipped (apt-get install -y nginx-light)');
}
