import { engine, runScenario } from './run-scenario';
import type { ScenarioTexts } from './scenario-state';
import { readRest } from './scenario-text';
import { answerVerdict, type Verdict } from './views/verdict';

/** Banners that are their headline alone (the others carry buttons wired by the page). */
const HEADLINE_ONLY: ReadonlySet<Verdict['kind']> = new Set(['upgraded', 'http', 'clients', 'empty']);

/**
 * The verdict of a scenario as the page's first answer will show it, worked out while the site
 * is built (the engine runs in Node as in the worker): the build writes it into the HTML, so the
 * banner, the largest text in view, paints with the page instead of after the worker has loaded
 * and answered. Null when the banner would need the page's script (a cause with a fix button).
 */
export function firstVerdict(texts: ScenarioTexts): { verdict: Verdict; nginxVersion: string } | null {
  const response = runScenario(engine, { id: 0, config: texts.config, rest: texts.rest });
  if (response.kind !== 'result') return null;
  const verdict = answerVerdict(response, texts.config, readRest(texts.rest));
  return HEADLINE_ONLY.has(verdict.kind) ? { verdict, nginxVersion: response.nginxVersion } : null;
}
