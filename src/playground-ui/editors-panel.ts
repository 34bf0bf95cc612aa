import type { DiagnosticEdit } from '../../playground/src/index';
import type { Translator } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { DeferredEditor } from './deferred-editor';
import type { LineProblem } from './editors';
import { part } from './page-parts';
import type { ScenarioTexts } from './scenario-state';

/**
 * The two editors: the nginx config, and the rest of the scenario as YAML (in its own tab).
 * CodeMirror is the page's heaviest script, so both start as deferred editors: the config
 * editor is built once the first simulation is on its way (`mount`), the YAML editor when its
 * tab is first opened; until then the server-rendered config stands in.
 */
export class EditorsPanel {
  private readonly config: DeferredEditor;
  private readonly yaml: DeferredEditor;
  private readonly scenarioTabs: HTMLElement;
  private readonly onScenarioTab = (e: Event) => {
    if ((e as CustomEvent<string>).detail === 'yaml') void this.yaml.mount();
  };

  constructor(
    root: HTMLElement,
    texts: ScenarioTexts,
    lang: Lang,
    t: Translator<'playground'>,
    on: { config: (text: string) => void; yaml: (text: string) => void },
  ) {
    this.config = new DeferredEditor({
      parent: part(root, 'config-editor'),
      doc: texts.config,
      language: 'nginx',
      label: t('editor.config'),
      onChange: on.config,
      help: { lang, t },
    });
    this.yaml = new DeferredEditor({
      parent: part(root, 'yaml-editor'),
      doc: texts.rest,
      language: 'yaml',
      label: t('editor.scenario'),
      onChange: on.yaml,
      assist: { t },
    });
    this.scenarioTabs = part(root, 'scenario-tabs');
  }

  /** From now on, the YAML editor is built when its tab opens. */
  listen(): void {
    this.scenarioTabs.addEventListener('pg-tab-change', this.onScenarioTab);
  }

  /** Builds the config editor (once). */
  mountConfig(): void {
    void this.config.mount();
  }

  setTexts(texts: ScenarioTexts): void {
    this.config.setText(texts.config);
    this.yaml.setText(texts.rest);
  }

  setYaml(rest: string): void {
    this.yaml.setText(rest);
  }

  configProblems(problems: LineProblem[]): void {
    this.config.setProblems(problems);
  }

  yamlProblems(problems: LineProblem[]): void {
    this.yaml.setProblems(problems);
  }

  /** Shows a line of the config (a diagnostic's or a timeline event's). */
  goToLine(line: number): void {
    this.config.goToLine(line);
  }

  /** Applies a diagnostic's fix to the config. */
  applyFix(edits: DiagnosticEdit[]): void {
    this.config.applyEdits(edits);
  }

  destroy(): void {
    this.scenarioTabs.removeEventListener('pg-tab-change', this.onScenarioTab);
    this.config.destroy();
    this.yaml.destroy();
  }
}
