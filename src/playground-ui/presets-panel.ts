import type { Translator } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { applyClientPreset } from './client-presets';
import { configPresets } from './config-presets';
import { part } from './page-parts';
import type { ScenarioTexts } from './scenario-state';
import { setIn, splitScenario } from './scenario-text';

/**
 * The two preset pickers: a config (or a whole scenario) and a client script. Each choice
 * computes the new scenario from the current one and hands it to `onLoad`; a preset that is
 * not a valid scenario is named in the status line instead.
 */
export class PresetsPanel {
  constructor(
    root: HTMLElement,
    lang: Lang,
    t: Translator<'playground'>,
    current: () => ScenarioTexts,
    on: { load: (texts: ScenarioTexts) => void; status: (message: string) => void },
  ) {
    const configSelect = part<HTMLSelectElement>(root, 'config-preset');
    configSelect.addEventListener('change', () => {
      const preset = configPresets.find((p) => p.id === configSelect.value);
      if (!preset) return;
      if (preset.kind === 'scenario') {
        const split = splitScenario(preset.text);
        if (!split.ok) {
          on.status(t('status.scenarioError', { message: split.message }));
          return;
        }
        on.load(split.value);
        return;
      }
      // A config alone keeps the client, and names the scenario (and its path) after the preset.
      let rest = setIn(current().rest, ['title'], preset.title(lang));
      if (preset.clientPath) rest = setIn(rest, ['client', 'request', 'path'], preset.clientPath);
      on.load({ config: preset.text, rest });
    });
    const clientSelect = part<HTMLSelectElement>(root, 'client-preset');
    clientSelect.addEventListener('change', () => {
      if (!clientSelect.value) return;
      const { config, rest } = current();
      on.load({ config, rest: applyClientPreset(rest, clientSelect.value) });
    });
  }
}
