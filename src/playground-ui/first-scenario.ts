import type { ScenarioTexts } from './scenario-state';
import { primeReadRest, readRest } from './scenario-text';

/**
 * The default scenario as the build read it, handed to the page in its HTML: splitting the
 * preset's YAML into config and rest, and reading the rest, were the longest work of the
 * page's start-up (the YAML library's first run), and the build has the same answer.
 */
export interface FirstScenario extends ScenarioTexts {
  /** The rest read as data, as `readRest` gives it. */
  data: Record<string, unknown> | null;
}

/** What the build writes (Playground.astro). */
export function firstScenario(texts: ScenarioTexts): FirstScenario {
  return { ...texts, data: readRest(texts.rest) };
}

/**
 * The scenario the build wrote into `host` (a JSON script element), with its reading primed
 * for `readRest`; null when there is none or it does not read as one.
 */
export function builtScenario(host: Element | null): ScenarioTexts | null {
  if (!host?.textContent) return null;
  try {
    const value = JSON.parse(host.textContent) as Partial<FirstScenario>;
    if (typeof value.config !== 'string' || typeof value.rest !== 'string') return null;
    const data =
      value.data && typeof value.data === 'object' && !Array.isArray(value.data) ? value.data : null;
    if (data) primeReadRest(value.rest, data);
    return { config: value.config, rest: value.rest };
  } catch {
    return null;
  }
}
