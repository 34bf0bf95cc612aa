import type { Translator } from '../i18n/catalog';
import { PICKER_VERSIONS, scenarioVersion } from './nginx-version';
import { part } from './page-parts';

/**
 * The nginx version picker: a view of the scenario's `nginx_version`, like the form. Picking a
 * version hands it to `onPick` (which writes it into the YAML, so the permalink carries it);
 * `refresh` shows the version the YAML asks for, adding an entry for one the list lacks.
 */
export class VersionPanel {
  private readonly select: HTMLSelectElement;

  constructor(
    root: HTMLElement,
    private readonly t: Translator<'playground'>,
    onPick: (version: string) => void,
  ) {
    this.select = part<HTMLSelectElement>(root, 'nginx-version');
    this.select.addEventListener('change', () => onPick(this.select.value));
  }

  refresh(rest: string): void {
    const version = scenarioVersion(rest);
    const offered = [...this.select.options].some((o) => o.value === version);
    // Versions typed into the YAML that the picker does not list go away again once not chosen.
    for (const o of [...this.select.options]) {
      if (o.dataset.other !== undefined && o.value !== version) o.remove();
    }
    if (!offered) {
      const option = new Option(this.t('version.other', { version }), version);
      option.dataset.other = '';
      this.select.append(option);
    }
    this.select.value = version;
    this.select.dataset.version = version;
  }
}

/** The picker's options as the page renders them (Playground.astro, embeds, exercises). */
export function pickerOptions(t: Translator<'playground'>): Array<{ value: string; label: string }> {
  return PICKER_VERSIONS.map((p) => ({
    value: p.version,
    label: t('version.option', { version: p.version, distro: t(`version.distro.${p.distro}`) }),
  }));
}
