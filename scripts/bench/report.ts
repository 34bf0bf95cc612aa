/** bench/results.md and the console summary, from bench/results.json's shape. */
import type { EngineResults } from './engine';
import type { LatencyResults } from './latency';
import type { LighthouseResults } from './lighthouse';
import type { Budget, SiteResults } from './site';

export interface Machine {
  measuredAt: string;
  node: string;
  cpus: number;
  cpuModel: string;
  /** 1-minute load average when the section started: the machine is shared. */
  load: number;
}

export interface BenchResults {
  engine?: EngineResults & { machine: Machine };
  site?: SiteResults & { machine: Machine };
  latency?: LatencyResults & { machine: Machine };
  lighthouse?: LighthouseResults & { machine: Machine };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x: number | null): string => (x === null ? '—' : `${x} ms`);
const times = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
const mark = (met: boolean): string => (met ? 'met' : '**missed**');

function budgetValue(b: Budget, value: number): string {
  if (b.unit === 'bytes') return kb(value);
  return String(value);
}

function machineLine(m: Machine): string {
  return `_${m.measuredAt}, Node ${m.node}, ${m.cpus}× ${m.cpuModel}, load ${m.load.toFixed(2)}_`;
}

/** The ratio measured in alternating rounds; results written before it existed give the plain quotient. */
function parseVersusNginxConf(b: EngineResults['bigConfig']): string {
  const ratio = b.parseVsNginxConf ?? b.parseConfig / b.nginxConf;
  return `\`parseConfig()\` takes ${ratio.toFixed(2)}× its time (goal ≤ 1×: ${mark(ratio <= 1)})`;
}

export function engineTable(e: EngineResults): string[] {
  const b = e.bigConfig;
  return [
    '| measure | result | goal |',
    '| --- | --- | --- |',
    `| \`simulate()\` per scenario, median over ${e.scenarios} scenarios, parsed-config cache warm | ${ms(e.simulateWarm.median)} (worst ${ms(e.simulateWarm.worst)}) | < 1 ms |`,
    `| playground edit loop after a one-character config edit (join, check, simulate, diagram), median | ${ms(e.editLoop.median)} (worst ${ms(e.editLoop.worst)}) | < 16 ms (one frame) |`,
    `| \`parseConfig()\` on a generated ${b.lines.toLocaleString('en')}-line config | ${ms(b.parseConfig)} | < 50 ms |`,
    `| \`checkConfig()\` (parse + \`nginx -t\` analysis), same file | ${ms(b.checkConfig)} | — |`,
    `| \`nginx-conf\` npm parser, same file (tree only, no spans, no errors) | ${ms(b.nginxConf)} | ${parseVersusNginxConf(b)} |`,
    `| \`crossplaneParse()\` (\`parse --json\`: crossplane's payload, context and argument checks), same file | ${ms(b.crossplane)} | ${times(b.crossplane, b.nginxConf)} nginx-conf's time |`,
    `| \`nginx -t\`, same file (whole process) | ${ms(b.nginxT)} | ${b.nginxT === null ? 'nginx not installed' : `checkConfig takes ${times(b.checkConfig, b.nginxT)} its time`} |`,
    ...(e.manyClients
      ? [
          `| \`simulate()\` on a scenario v2 of ${e.manyClients.clients} clients and ${e.manyClients.requests.toLocaleString('en')} requests (keep-alive, upstream keepalive, 10 tunnels), median | ${ms(e.manyClients.simulate)} | < 20 ms |`,
        ]
      : []),
  ];
}

export function siteTable(s: SiteResults): string[] {
  return [
    '| page type | page | JS | CSS | HTML | other | total (requests) | mermaid | JS not loaded (on demand) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...s.pages.map(
      (p) =>
        `| ${p.type} | \`${p.url}\` | ${kb(p.jsBytes)} | ${kb(p.cssBytes)} | ${kb(p.htmlBytes)} | ${kb(p.otherBytes)} | ${kb(p.totalBytes)} (${p.requests}) | ${p.mermaid ? 'downloaded' : '—'} | ${kb(p.notLoadedJsGzip)} |`,
    ),
  ];
}

export function latencyTable(l: LatencyResults): string[] {
  const row = (s: LatencyResults['config']) =>
    `| ${s.target} | ${s.keystrokes}${s.timeouts ? ` (+${s.timeouts} unanswered)` : ''} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.mean)} | ${ms(s.min)}–${ms(s.max)} | ${s.p95 <= l.targetP95 ? 'met' : '**missed**'} (p95 ≤ ${l.targetP95} ms) |`;
  return [
    '| keystroke into | keystrokes | p50 | p95 | mean | range | goal |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(l.config),
    row(l.form),
  ];
}

export function lighthouseTable(l: LighthouseResults): string[] {
  return [
    '| page | performance (runs) | accessibility | best practices | SEO | LCP | TBT |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...l.pages.map(
      (p) =>
        `| ${p.name} \`${p.path}\` | ${p.scores.performance ?? '—'} (${(p.performanceRuns ?? []).join(', ')}) | ${p.scores.accessibility ?? '—'} | ${p.scores['best-practices'] ?? '—'} | ${p.scores.seo ?? '—'} | ${ms(p.metrics.lcp)} | ${ms(p.metrics.tbt)} |`,
    ),
  ];
}

function budgetTable(budgets: Budget[]): string[] {
  return [
    '| budget | measured | limit | |',
    '| --- | --- | --- | --- |',
    ...budgets.map(
      (b) =>
        `| ${b.name}${b.detail ? ` (${b.detail})` : ''} | ${budgetValue(b, b.measured)} | ${b.unit === 'score' ? '≥ ' : '≤ '}${budgetValue(b, b.limit)} | ${mark(b.met)} |`,
    ),
  ];
}

export function markdown(r: BenchResults): string {
  const out = [
    '# `npm run bench` results',
    '',
    'Written by `scripts/bench.ts`; the figures behind the README.',
    '',
  ];
  if (r.engine) out.push('## Engine', '', machineLine(r.engine.machine), '', ...engineTable(r.engine), '');
  if (r.site) {
    out.push('## Page weight', '', machineLine(r.site.machine), '');
    out.push(
      `Built site: \`${r.site.dist}\`, ${r.site.pageCount} pages, served by ${r.site.server}. What Chromium ` +
        'downloads per page before the network is idle, with a scroll to the bottom on the way: encoded bytes ' +
        '(gzip) as served, per resource type; JS includes workers. "Not loaded" is JavaScript the page can ' +
        'load on demand (static module graph, gzip level 6) that it did not.',
      '',
      ...siteTable(r.site),
      '',
      '### Biggest downloads per page type',
      '',
    );
    for (const p of r.site.pages) {
      const biggest = p.biggest.map((d) => `\`${d.url}\` ${kb(d.bytes)}${d.mermaid ? ' (mermaid)' : ''}`);
      out.push(`- **${p.type}**: ${biggest.join(', ') || '—'}`);
    }
    out.push(
      '',
      '### Size budgets (also enforced by `tests/e2e/budgets.e2e.ts`)',
      '',
      ...budgetTable(r.site.budgets),
      '',
    );
  }
  if (r.latency) {
    const l = r.latency;
    out.push(
      '## Playground edit latency',
      '',
      machineLine(l.machine),
      '',
      `\`${l.path}\` at ${l.viewport.width}×${l.viewport.height}, served by ${l.server}. From a keystroke's ` +
        '`keydown` to the frame painted after the last answer it caused (`data-answers` on the playground), ' +
        'one key at a time, the next only once the page has been quiet; the first 5 keys of each series ' +
        'warm up and are not counted.',
      '',
      ...latencyTable(l),
      '',
    );
  }
  if (r.lighthouse) {
    const l = r.lighthouse;
    out.push(
      '## Lighthouse',
      '',
      machineLine(l.machine),
      '',
      `Lighthouse ${l.lighthouseVersion}, ${l.formFactor} form factor with simulated throttling, Debian Chromium, ` +
        `median of ${l.runsPerPage} runs per page (by performance score), ` +
        `site served gzip from 127.0.0.1; load average ${l.loadBefore} before, ${l.loadAfter} after.`,
      '',
      ...lighthouseTable(l),
      '',
      '### Lighthouse budgets (measured, not tested)',
      '',
      ...budgetTable(l.budgets),
      '',
    );
    const failing = l.pages.flatMap((p) =>
      p.failing.map(
        (f) => `- ${p.name}, ${f.category}: \`${f.id}\` ${f.title}${f.display ? ` (${f.display})` : ''}`,
      ),
    );
    if (failing.length > 0) out.push('### Audits that cost points', '', ...failing, '');
  }
  return `${out.join('\n')}\n`;
}

/** Short console summary of what this run measured. */
export function summary(r: BenchResults): string {
  const out: string[] = [];
  if (r.engine) out.push('', 'Engine', ...engineTable(r.engine));
  if (r.site) out.push('', 'Page weight', ...siteTable(r.site), '', ...budgetTable(r.site.budgets));
  if (r.latency) out.push('', 'Playground edit latency', ...latencyTable(r.latency));
  if (r.lighthouse)
    out.push('', 'Lighthouse', ...lighthouseTable(r.lighthouse), '', ...budgetTable(r.lighthouse.budgets));
  return out.join('\n');
}
