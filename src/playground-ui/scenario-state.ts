import { type PermalinkResult, permalinkFromHash } from '../../playground/src/index';
import type { Translator } from '../i18n/catalog';
import { configPresets } from './config-presets';
import { splitScenario } from './scenario-text';

/**
 * The playground's state: the scenario as two texts, the nginx config and the rest of the
 * scenario (YAML without `config`). The page owns one; panels get it and report changes.
 */
export interface ScenarioTexts {
  config: string;
  rest: string;
}

/** A preset's scenario, or two empty texts for an unknown id. */
export function presetScenario(id: string): ScenarioTexts {
  const preset = configPresets.find((p) => p.id === id);
  const split = preset ? splitScenario(preset.text) : null;
  return split?.ok ? split.value : { config: '', rest: '' };
}

/** What a `#s=` link opens: its scenario, or what is left of it with the reason the link could not be used. */
export interface OpenedLink {
  texts: ScenarioTexts;
  alert: string | null;
}

/** The scenario of a URL hash; null when the hash holds no permalink at all. */
export function openPermalink(hash: string, t: Translator<'playground'>): OpenedLink | null {
  const decoded = permalinkFromHash(hash);
  if (decoded === null) return null;
  if (!decoded.ok) return { texts: presetScenario('basic/empty'), alert: brokenPermalinkMessage(decoded, t) };
  const split = splitScenario(decoded.text);
  if (!split.ok) {
    // The link's text is the sender's work: it stays, whole, in the scenario's YAML to be
    // fixed there (see `adoptWholeScenario` in app.ts); nothing of it runs until it reads.
    return {
      texts: { config: '', rest: decoded.text },
      alert: t('permalink.notScenario', { message: split.message }),
    };
  }
  return { texts: split.value, alert: null };
}

function brokenPermalinkMessage(
  failure: Exclude<PermalinkResult, { ok: true }>,
  t: Translator<'playground'>,
): string {
  return failure.code === 'permalink-future-version'
    ? t('permalink.future', { version: failure.version })
    : t('permalink.broken', { code: failure.code });
}
