/**
 * What an embed URL carries after `#`: the scenario (`s=`, a playground permalink value),
 * the result view (`view=`) and an optional colour scheme (`theme=`). Everything here is
 * untrusted text from someone else's wiki page, so values are matched against fixed lists.
 */

export const PLAYGROUND_VIEWS = ['terminal', 'timeline', 'diagram', 'headers', 'outcome'] as const;
export type PlaygroundView = (typeof PLAYGROUND_VIEWS)[number];

export const SCENARIO_VIEWS = ['transcript', 'diagram'] as const;
export type ScenarioView = (typeof SCENARIO_VIEWS)[number];

export type EmbedKind = 'playground' | 'scenario';
export type EmbedTheme = 'light' | 'dark';

export interface EmbedParams {
  /** Raw `s=` value (not decoded); null when the hash has none. */
  s: string | null;
  view: string | null;
  theme: EmbedTheme | null;
}

/** Reads `#s=…&view=…&theme=…` (any order; unknown keys ignored). */
export function readEmbedParams(hash: string): EmbedParams {
  const params = new Map<string, string>();
  for (const pair of hash.replace(/^#/, '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    // The first occurrence wins, as in permalinkFromHash.
    if (!params.has(key)) params.set(key, pair.slice(eq + 1));
  }
  const theme = params.get('theme');
  return {
    s: params.get('s') ?? null,
    view: params.get('view') ?? null,
    theme: theme === 'light' || theme === 'dark' ? theme : null,
  };
}

/** The requested view when it is one of `allowed`, else the first allowed view. */
export function pickView<T extends string>(value: string | null, allowed: readonly T[]): T {
  const found = allowed.find((v) => v === value);
  return found ?? (allowed[0] as T);
}

export function viewsOf(kind: EmbedKind): ReadonlyArray<PlaygroundView | ScenarioView> {
  return kind === 'playground' ? PLAYGROUND_VIEWS : SCENARIO_VIEWS;
}
