/**
 * Lighthouse scores for `npm run bench`: the `lighthouse` package's Node API driving Debian's
 * Chromium (via chrome-launcher), mobile form factor with simulated throttling (its default),
 * against the built site served on 127.0.0.1 with gzip, as a static host would. Scores are measured, not tested: on a shared
 * 2-core machine they move by a few points, so the load average is recorded with them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result as LhrResult } from 'lighthouse';
import { CHROMIUM_FLAGS as CHROME_FLAGS, CHROMIUM } from '../../tests/e2e/browser';
import { serveStaticGzip } from './gzip-proxy';
import type { Budget } from './site';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];

export interface LighthousePage {
  name: string;
  path: string;
  /** 0–100 per category. */
  scores: Record<Category, number | null>;
  /** Performance score of every run; `scores` come from the median one. */
  performanceRuns: number[];
  metrics: {
    fcp: number | null;
    lcp: number | null;
    tbt: number | null;
    cls: number | null;
    si: number | null;
  };
  /** Audits that cost points, per category, for the report's "why". */
  failing: Array<{ category: Category; id: string; title: string; score: number | null; display?: string }>;
}

export interface LighthouseResults {
  lighthouseVersion: string;
  formFactor: 'mobile';
  runsPerPage: number;
  loadBefore: number;
  loadAfter: number;
  pages: LighthousePage[];
  budgets: Budget[];
}

export const LIGHTHOUSE_PAGES = [
  { name: 'guide (zh)', path: '/zh/guides/handshake/', kind: 'guide' },
  { name: 'guide (en)', path: '/en/guides/handshake/', kind: 'guide' },
  { name: 'playground (en)', path: '/en/playground/', kind: 'playground' },
  { name: 'embed: playground (en)', path: '/en/embed/playground/', kind: 'embed' },
  { name: 'embed: guide diagram (en)', path: '/en/embed/diagram/handshake-through-nginx/', kind: 'embed' },
] as const;

const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
} as const;

/** `reportDir`: where to keep each page's full Lighthouse JSON report (for digging into a score). */
export async function benchLighthouse(
  dist: string,
  log: (line: string) => void,
  reportDir?: string,
  runs = 3,
): Promise<LighthouseResults> {
  const site = await serveStaticGzip(dist);
  const loadBefore = loadavg()[0] ?? 0;
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  const pages: LighthousePage[] = [];
  let version = '';
  try {
    for (const target of LIGHTHOUSE_PAGES) {
      // Several runs, keeping the one with the median performance score (Lighthouse's own advice
      // for noisy machines); every run's performance score is recorded.
      const lhrs: LhrResult[] = [];
      for (let run = 1; run <= runs; run++) {
        log(`lighthouse: ${target.path} run ${run}/${runs} (load ${(loadavg()[0] ?? 0).toFixed(2)})`);
        const result = await lighthouse(`${site.url}${target.path}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        if (!result) throw new Error(`lighthouse returned nothing for ${target.path}`);
        if (result.lhr.runtimeError) {
          throw new Error(
            `${target.path}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`,
          );
        }
        lhrs.push(result.lhr);
      }
      const performanceRuns = lhrs.map((l) => Math.round((l.categories.performance?.score ?? 0) * 100));
      const sorted = [...lhrs].sort(
        (a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0),
      );
      const lhr = sorted[Math.floor(sorted.length / 2)]!;
      version = lhr.lighthouseVersion;
      if (reportDir) {
        mkdirSync(reportDir, { recursive: true });
        const name = target.path.replace(/^\/|\/$/g, '').replace(/\//g, '_');
        writeFileSync(join(reportDir, `${name}.json`), JSON.stringify(lhr, null, 1));
      }
      const scores = Object.fromEntries(
        CATEGORIES.map((c) => {
          const score = lhr.categories[c]?.score;
          return [c, typeof score === 'number' ? Math.round(score * 100) : null];
        }),
      ) as Record<Category, number | null>;
      const metric = (id: string): number | null => {
        const v = lhr.audits[id]?.numericValue;
        return typeof v === 'number' ? Number(v.toFixed(id === METRICS.cls ? 3 : 0)) : null;
      };
      const failing: LighthousePage['failing'] = [];
      for (const c of CATEGORIES) {
        for (const ref of lhr.categories[c]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 0.9) continue;
          failing.push({
            category: c,
            id: audit.id,
            title: audit.title,
            score: audit.score,
            ...(audit.displayValue ? { display: audit.displayValue } : {}),
          });
        }
      }
      pages.push({
        name: target.name,
        path: target.path,
        scores,
        performanceRuns,
        metrics: {
          fcp: metric(METRICS.fcp),
          lcp: metric(METRICS.lcp),
          tbt: metric(METRICS.tbt),
          cls: metric(METRICS.cls),
          si: metric(METRICS.si),
        },
        failing,
      });
    }
  } finally {
    chrome.kill();
    await site.close();
  }
  return {
    lighthouseVersion: version,
    formFactor: 'mobile',
    runsPerPage: runs,
    loadBefore: Number(loadBefore.toFixed(2)),
    loadAfter: Number((loadavg()[0] ?? 0).toFixed(2)),
    pages,
    budgets: lighthouseBudgets(pages),
  };
}

/** Performance ≥ 95 on guides and on the playground; accessibility, best practices, SEO = 100. */
function lighthouseBudgets(pages: LighthousePage[]): Budget[] {
  const budgets: Budget[] = [];
  for (const page of pages) {
    const kind = LIGHTHOUSE_PAGES.find((p) => p.path === page.path)?.kind;
    const perfLimit = kind === 'guide' || kind === 'playground' ? 95 : null;
    const limits: Array<[Category, number | null]> = [
      ['performance', perfLimit],
      ['accessibility', 100],
      ['best-practices', 100],
      ['seo', 100],
    ];
    for (const [category, limit] of limits) {
      if (limit === null) continue;
      const measured = page.scores[category] ?? 0;
      const lost = page.failing.filter((f) => f.category === category).map((f) => f.id);
      // Embeds are noindex on purpose (they live in wikis; the guides are the pages to find),
      // so for them the SEO budget is "nothing lost but is-crawlable".
      const deliberate = kind === 'embed' && category === 'seo' && lost.every((id) => id === 'is-crawlable');
      const met = measured >= limit || deliberate;
      budgets.push({
        name: `${page.name} ${category}`,
        measured,
        limit,
        unit: 'score',
        met,
        // Name the audits that cost points wherever the score is below the limit.
        ...(measured < limit && lost.length > 0 ? { detail: lost.map(explainAudit).join(', ') } : {}),
      });
    }
  }
  return budgets;
}

/** Audits whose failure is a decision, not a defect, say so in the report. */
function explainAudit(id: string): string {
  return id === 'is-crawlable' ? 'is-crawlable: the page is noindex on purpose' : id;
}
