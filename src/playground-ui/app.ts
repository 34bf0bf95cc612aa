import { diagnostic, playground, reason } from '../i18n/catalog';
import { pageLang } from '../i18n/languages';
import { explainer, translator } from '../i18n/translate';
import { DEFAULT_PRESET_ID } from './config-presets';
import type { LineProblem } from './editors';
import { EditorsPanel } from './editors-panel';
import { EngineClient } from './engine-client';
import { builtScenario } from './first-scenario';
import { FormPanel } from './form-panel';
import { configMarkers } from './lint-problem';
import { keepVersion, withVersion } from './nginx-version';
import { Notices, part } from './page-parts';
import { PermalinkSync } from './permalink-sync';
import { PresetsPanel } from './presets-panel';
import type { SimResponse } from './protocol';
import { ResultsPanel } from './results-panel';
import { openPermalink, presetScenario, type ScenarioTexts } from './scenario-state';
import { joinScenario, readRest, setIn } from './scenario-text';
import { provideScenarioShare } from './share-panel';
import { VersionPanel } from './version-panel';
import { answerVerdict } from './views/verdict';
import { regexTimeoutParams } from './watchdog-worker';

/**
 * The playground page: two editors and a form on one side, result views on the other.
 * This module owns the state (the scenario as two texts, see scenario-state.ts) and the
 * simulation; each panel (editors, form, presets, results, permalink, share) is a module of its
 * own that gets what it shows and reports the reader's changes back here. Simulation runs in a
 * worker, guarded by a watchdog.
 */

/** How long the page waits after a keystroke before it re-reads and simulates the scenario. */
const EDIT_PAUSE_MS = 300;
/**
 * Below this size (config + rest of the scenario, characters) an edit is simulated at once:
 * joining and simulating take a few milliseconds, and the worker gets only the newest edit
 * while it is busy (engine-client.ts). Larger scenarios wait for a pause in typing.
 */
const AT_ONCE_BELOW_CHARS = 20_000;
/** How long the config editor waits for the first answer before it is built without one. */
const EDITOR_WAIT_MS = 3000;

export function mountPlayground(root: HTMLElement): () => void {
  const lang = pageLang(root.dataset.lang ?? document.documentElement.lang);
  const t = translator(playground[lang]);
  const notices = new Notices(part(root, 'status'), part(root, 'alert'));
  const setStatus = (message: string) => notices.setStatus(message);

  // ---- state: the permalink's scenario, else the default preset --------------------------
  const opened = openPermalink(location.hash, t);
  let state: ScenarioTexts =
    opened?.texts ??
    builtScenario(root.querySelector('[data-role="first-scenario"]')) ??
    presetScenario(DEFAULT_PRESET_ID);
  if (opened?.alert) notices.setAlert(opened.alert, 'permalink');
  const current = () => state;
  const permalink = new PermalinkSync(notices, t, ({ texts }) => {
    load(texts);
    simulateNow(false);
  });

  // ---- panels ------------------------------------------------------------------------------
  const editors = new EditorsPanel(root, state, lang, t, {
    config: (text) => {
      state = { ...state, config: text };
      edited();
    },
    yaml: (text) => {
      state = { ...state, rest: text };
      // The form is read from the YAML once typing pauses (see `edited`): parsing a long
      // scenario on every keystroke would make typing lag.
      edited(false, true);
    },
  });
  // The engine's explanations and diagnostics arrive as codes; their texts are the page's.
  const explainReason = explainer(reason[lang]);
  const explainDiagnostic = explainer(diagnostic[lang]);
  const results = new ResultsPanel(root, {
    lang,
    t,
    explainReason,
    explainDiagnostic,
    setStatus,
    goToLine: (line) => editors.goToLine(line),
    applyFix: (edits) => editors.applyFix(edits),
  });
  const form = new FormPanel(
    root,
    t,
    () => state.rest,
    (rest) => {
      state = { ...state, rest };
      editors.setYaml(rest);
      edited();
    },
  );
  form.refresh(state.rest);
  // The picked version lives in the YAML (`nginx_version`), so the permalink and every export carry it.
  const versions = new VersionPanel(root, t, (version) => {
    state = { ...state, rest: withVersion(state.rest, version) };
    editors.setYaml(state.rest);
    edited(true);
  });
  versions.refresh(state.rest);
  new PresetsPanel(root, lang, t, current, {
    load: (texts) => {
      load({ ...texts, rest: keepVersion(state.rest, texts.rest) });
      edited(true);
    },
    status: setStatus,
  });
  const stopSharing = provideScenarioShare(root, lang, current, results, (text) => permalink.write(text));

  /** A scenario from elsewhere (a preset, a link) replaces the page's: every panel shows it. */
  function load(texts: ScenarioTexts): void {
    state = texts;
    editors.setTexts(state);
    form.refresh(state.rest);
    versions.refresh(state.rest);
  }

  // ---- simulation -------------------------------------------------------------------------
  let answers = 0;
  const client = new EngineClient({
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onResult: (response) => {
      show(response);
      mountEditor();
    },
    onTimeout: (ms, regex) => {
      mountEditor();
      root.dataset.answers = String(++answers);
      delete root.dataset.busy;
      notices.setAlert(
        regex
          ? t('status.watchdogRegex', regexTimeoutParams(regex, ms))
          : t('status.watchdog', { seconds: ms / 1000 }),
        'watchdog',
      );
      setStatus('');
    },
    onCrash: (message) => {
      mountEditor();
      setStatus(t('status.crashed', { message }));
    },
  });

  function simulateNow(updateHash: boolean, fromEdit = false): void {
    const { config, rest } = state;
    // The worker joins the two texts (and, when only the config changed, reuses the rest it
    // read last); a rest that is no YAML mapping comes back as a scenario error.
    if (updateHash)
      permalink.writeSoon(() => {
        const joined = joinScenario(config, rest);
        return joined.ok ? joined.text : null;
      });
    setStatus(t('status.running'));
    root.dataset.busy = '';
    if (fromEdit) client.requestParts(config, rest);
    else client.sendParts(config, rest);
  }

  let pendingEdit: ReturnType<typeof setTimeout> | null = null;
  /** The YAML changed since the form was last read from it. */
  let formStale = false;
  /**
   * Called after every edit: the user now owns the scenario, so a permalink error is stale.
   * Quick edits are gathered for `EDIT_PAUSE_MS`, and only then joined into one scenario,
   * written to the link and simulated (and, after a YAML edit, read back into the form).
   */
  function edited(immediate = false, yamlChanged = false): void {
    notices.clearAlert('permalink');
    // Until the answer to this edit is shown (the browser tests wait for it).
    root.dataset.busy = '';
    if (pendingEdit !== null) clearTimeout(pendingEdit);
    pendingEdit = null;
    const run = () => {
      pendingEdit = null;
      if (yamlChanged || formStale) {
        if (yamlChanged) adoptSoon();
        form.refresh(state.rest);
        versions.refresh(state.rest);
      }
      formStale = false;
      simulateNow(true, !immediate);
    };
    if (yamlChanged) formStale = true;
    if (immediate || state.config.length + state.rest.length < AT_ONCE_BELOW_CHARS) run();
    else {
      setStatus(t('status.running'));
      pendingEdit = setTimeout(run, EDIT_PAUSE_MS);
    }
  }

  /**
   * A whole scenario in the YAML (a refused link's text kept there, or a paste) while the
   * config editor is empty: once it reads, its `config` moves to the config editor, so fixing
   * a broken link loses nothing.
   */
  function adoptWholeScenario(): boolean {
    if (state.config.trim() !== '') return false;
    const config = readRest(state.rest)?.config;
    if (typeof config !== 'string') return false;
    state = { config, rest: setIn(state.rest, ['config'], undefined) };
    editors.setTexts(state);
    return true;
  }

  let pendingAdopt: ReturnType<typeof setTimeout> | null = null;
  /**
   * Moving the config out rewrites the YAML text, so it waits for a pause in the typing: done
   * on every keystroke, it rewrote the line under the cursor (`title: ` lost its space mid-word).
   */
  function adoptSoon(): void {
    if (pendingAdopt !== null) clearTimeout(pendingAdopt);
    pendingAdopt = setTimeout(() => {
      pendingAdopt = null;
      if (adoptWholeScenario()) simulateNow(true, true);
    }, EDIT_PAUSE_MS);
  }

  function show(response: SimResponse): void {
    // A counter the browser tests (and curious people) can watch to know a new answer is shown.
    root.dataset.answers = String(++answers);
    if (!client.behind && pendingEdit === null) delete root.dataset.busy;
    notices.clearAlert('watchdog');
    if (response.kind === 'error') {
      setStatus(t('status.crashed', { message: response.message }));
      return;
    }
    const emptyConfig = state.config.trim() === '';
    editors.configProblems(
      configMarkers(
        state.config,
        response.configErrors,
        response.diagnostics,
        explainReason,
        explainDiagnostic,
      ),
    );
    editors.yamlProblems(
      response.scenarioErrors.map((message): LineProblem => ({ line: null, message, severity: 'error' })),
    );
    const sim = response.simulation;
    const rest = readRestOnce(state.rest);
    results.showVerdict(answerVerdict(response, state.config, rest), response.nginxVersion);
    if (!sim) {
      setStatus(t('status.scenarioError', { message: response.scenarioErrors[0] ?? '?' }));
      results.clear();
      results.showDiagnostics(response.diagnostics);
      return;
    }
    const configError = 'config_error' in sim.outcome ? sim.outcome.config_error : null;
    if (emptyConfig) setStatus(t('status.emptyConfig'));
    // The verdict above the views says how the run went; the status line is for the engine.
    else setStatus(configError ? t('status.configError', { message: configError }) : '');
    results.update(sim, response.mermaid, response.diagnostics, rest, response.nginxVersion);
  }

  /** The scenario's client and backends as data, parsed again only when their text changed. */
  let parsedRest: { text: string; value: ReturnType<typeof readRest> } | null = null;
  function readRestOnce(text: string): ReturnType<typeof readRest> {
    if (parsedRest?.text !== text) parsedRest = { text, value: readRest(text) };
    return parsedRest.value;
  }

  /**
   * The config editor is built after the first answer is shown, so its problems are drawn with
   * its first frame (a dispatch into a new view was the page's longest start-up task) and the
   * answer is not kept waiting behind CodeMirror; without an answer, after a while anyway.
   */
  let editorWait: ReturnType<typeof setTimeout> | null = setTimeout(mountEditor, EDITOR_WAIT_MS);
  function mountEditor(): void {
    if (editorWait === null) return;
    clearTimeout(editorWait);
    editorWait = null;
    editors.mountConfig();
  }

  results.showDiagnostics(null);
  // Start-up order: the first simulation starts the worker (off the main thread); its answer
  // replaces the server-rendered verdict, then the config editor loads and replaces its
  // stand-in; the YAML editor waits for its tab.
  simulateNow(false);
  editors.listen();

  return () => {
    if (pendingEdit !== null) clearTimeout(pendingEdit);
    if (pendingAdopt !== null) clearTimeout(pendingAdopt);
    if (editorWait !== null) clearTimeout(editorWait);
    client.dispose();
    permalink.dispose();
    stopSharing();
    editors.destroy();
  };
}
