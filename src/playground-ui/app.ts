import type { DiagnosticEdit, Scenario } from '../../playground/src/index';
import {
  encodePermalink,
  exceedsBytes,
  formatBytes,
  MAX_PERMALINK_BYTES,
  type PermalinkResult,
  permalinkFromHash,
  utf8Bytes,
} from '../../playground/src/index';
import { openEmbedDialog } from '../components/embed/embed-share';
import { scenarioTitle } from '../components/embed/embed-source';
import type { PgTabs } from '../components/playground/tabs';
import { iframeSnippet } from '../components/share/share-codes';
import { provideShare } from '../components/share/share-provider';
import { scenarioProvider } from '../components/share/static-providers';
import { mermaidImage, styledSvgImage } from '../components/share/svg-export';
import { diagnostic, embedDialog, playground, reason, share } from '../i18n/catalog';
import { pageLang } from '../i18n/languages';
import { explainer, translator } from '../i18n/translate';
import { applyClientPreset } from './client-presets';
import { configPresets, DEFAULT_PRESET_ID } from './config-presets';
import { DeferredEditor } from './deferred-editor';
import type { LineProblem } from './editors';
import { EngineClient } from './engine-client';
import { applyField, type FieldName, type FormValues, readForm } from './form-model';
import { lintProblem } from './lint-problem';
import type { SimResponse } from './protocol';
import { joinScenario, readRest, restProblem, setIn, splitScenario } from './scenario-text';
import { HeadersView } from './views/headers-view';
import { renderDiagnostics, renderErrorLog } from './views/list-views';
import { OutcomeView } from './views/outcome-view';
import { SequenceView } from './views/sequence-view';
import { TabDeferred } from './views/tab-deferred';
import { localTimeline } from './views/timeline-labels';
import { TimelineView } from './views/timeline-view';
import { type ReplaySpeed, TranscriptView } from './views/transcript-view';
import { clientAsks, verdictOf } from './views/verdict';
import { VerdictView } from './views/verdict-view';
import { cappedTranscript } from './views/view-limits';
import { regexTimeoutParams } from './watchdog-worker';

/**
 * The playground page: two editors and a form on one side, result views on the other.
 * State is two texts (config, rest of the scenario); the URL hash carries both as a
 * permalink. Simulation runs in a worker, guarded by a watchdog.
 */

/** How long the page waits after a keystroke before it re-reads and simulates the scenario. */
const EDIT_PAUSE_MS = 300;
/**
 * Below this size (config + rest of the scenario, characters) an edit is simulated at once:
 * joining and simulating take a few milliseconds, and the worker gets only the newest edit
 * while it is busy (engine-client.ts). Larger scenarios wait for a pause in typing.
 */
const AT_ONCE_BELOW_CHARS = 20_000;

function part<T extends HTMLElement = HTMLElement>(root: HTMLElement, role: string): T {
  const el = root.querySelector<T>(`[data-role="${role}"]`);
  if (!el) throw new Error(`playground markup is missing [data-role="${role}"]`);
  return el;
}

interface Loaded {
  config: string;
  rest: string;
}

function presetScenario(id: string): Loaded {
  const preset = configPresets.find((p) => p.id === id);
  const split = preset ? splitScenario(preset.text) : null;
  return split?.ok ? split.value : { config: '', rest: '' };
}

export function mountPlayground(root: HTMLElement): () => void {
  const lang = pageLang(root.dataset.lang ?? document.documentElement.lang);
  const t = translator(playground[lang]);
  const alertBox = part(root, 'alert');
  const statusLine = part(root, 'status');
  const form = part<HTMLFormElement>(root, 'form');
  const formError = part(root, 'form-error');

  const setStatus = (message: string) => {
    statusLine.textContent = message;
  };
  const setAlert = (message: string | null, kind = 'general') => {
    alertBox.hidden = message === null;
    alertBox.textContent = message ?? '';
    alertBox.dataset.kind = message === null ? '' : kind;
  };

  // ---- initial state: permalink, else the default preset -------------------------------
  const brokenPermalinkMessage = (failure: Exclude<PermalinkResult, { ok: true }>): string =>
    failure.code === 'permalink-future-version'
      ? t('permalink.future', { version: failure.version })
      : t('permalink.broken', { code: failure.code });
  let state: Loaded;
  const fromHash = permalinkFromHash(location.hash);
  if (fromHash === null) {
    state = presetScenario(DEFAULT_PRESET_ID);
  } else if (!fromHash.ok) {
    state = presetScenario('basic/empty');
    setAlert(brokenPermalinkMessage(fromHash), 'permalink');
  } else {
    const split = splitScenario(fromHash.text);
    if (split.ok) state = split.value;
    else {
      // The link's text is the sender's work: it stays, whole, in the scenario's YAML to be
      // fixed there (see `adoptWholeScenario`); nothing of it runs until it reads.
      state = { config: '', rest: fromHash.text };
      setAlert(t('permalink.notScenario', { message: split.message }), 'permalink');
    }
  }
  let lastHash = location.hash;

  // ---- editors --------------------------------------------------------------------------
  // Built later (see the end of this function): CodeMirror is the page's heaviest script, and
  // the server-rendered config stands in for it until then. The YAML editor is built only
  // when its tab is first opened.
  const configEditor = new DeferredEditor({
    parent: part(root, 'config-editor'),
    doc: state.config,
    language: 'nginx',
    label: t('editor.config'),
    onChange: (text) => {
      state.config = text;
      edited();
    },
  });
  const yamlEditor = new DeferredEditor({
    parent: part(root, 'yaml-editor'),
    doc: state.rest,
    language: 'yaml',
    label: t('editor.scenario'),
    onChange: (text) => {
      state.rest = text;
      // The form is read from the YAML once typing pauses (see `edited`): parsing a long
      // scenario on every keystroke would make typing lag.
      edited(false, true);
    },
  });
  const goToLine = (line: number) => configEditor.goToLine(line);
  // The engine's explanations and diagnostics arrive as codes; their texts are the page's.
  const explainReason = explainer(reason[lang]);
  const explainDiagnostic = explainer(diagnostic[lang]);

  const diagnosticActions = {
    onLine: goToLine,
    onFix: (edits: DiagnosticEdit[]) => configEditor.applyEdits(edits),
  };

  // ---- views ----------------------------------------------------------------------------
  const transcript = new TranscriptView(part(root, 'terminal'), part(root, 'transcript-text'));
  const timeline = new TimelineView(
    part(root, 'timeline'),
    part(root, 'timeline-details'),
    explainReason,
    t,
    goToLine,
  );
  const sequence = new SequenceView(part(root, 'sequence'), t);
  const headers = new HeadersView(part(root, 'headers'), explainReason, t, goToLine);
  const outcome = new OutcomeView(
    part(root, 'outcome'),
    part<HTMLButtonElement>(root, 'outcome-copy'),
    part<HTMLButtonElement>(root, 'outcome-download'),
    setStatus,
    t,
  );
  const verdict = new VerdictView(part(root, 'verdict'), t, explainDiagnostic, diagnosticActions);
  const viewTabs = part<PgTabs & HTMLElement>(root, 'view-tabs');
  const drawWhenSeen = new TabDeferred(() => viewTabs.selected?.() ?? 'transcript');
  const showView = (id: string) => {
    drawWhenSeen.shown(id);
    if (id === 'transcript') transcript.show();
    if (id === 'sequence') sequence.show();
    else sequence.hide();
    if (id === 'timeline') timeline.show();
    else timeline.hide();
  };
  viewTabs.addEventListener('pg-tab-change', (e) => showView((e as CustomEvent<string>).detail));
  showView(viewTabs.selected?.() ?? 'transcript');
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-replay]')) {
    button.addEventListener('click', () => {
      const v = button.dataset.replay;
      transcript.replay((v === 'instant' ? 'instant' : Number(v)) as ReplaySpeed);
    });
  }

  // ---- form <-> YAML ---------------------------------------------------------------------
  function refreshForm(): void {
    const values = readForm(state.rest);
    const fieldsets = form.querySelectorAll('fieldset');
    if (!values) {
      formError.hidden = false;
      formError.textContent = t('form.yamlBroken', { message: yamlMessage() });
      for (const f of fieldsets) f.disabled = true;
      return;
    }
    formError.hidden = true;
    for (const f of fieldsets) f.disabled = false;
    writeForm(form, values);
  }
  const yamlMessage = () => restProblem(state.rest) ?? '';
  const onFormInput = (event: Event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    const name = target.name as FieldName;
    if (!name) return;
    const value =
      target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
    const result = applyField(state.rest, name, value);
    if (!result.ok) {
      formError.hidden = false;
      formError.textContent = t('form.stepsError', result.error);
      return;
    }
    formError.hidden = true;
    state.rest = result.rest;
    yamlEditor.setText(state.rest);
    edited();
  };
  form.addEventListener('input', onFormInput);
  form.addEventListener('submit', (e) => e.preventDefault());
  refreshForm();

  // ---- presets --------------------------------------------------------------------------
  const configSelect = part<HTMLSelectElement>(root, 'config-preset');
  configSelect.addEventListener('change', () => {
    const preset = configPresets.find((p) => p.id === configSelect.value);
    if (!preset) return;
    if (preset.kind === 'scenario') {
      const split = splitScenario(preset.text);
      if (!split.ok) {
        setStatus(t('status.scenarioError', { message: split.message }));
        return;
      }
      state = split.value;
    } else {
      state.config = preset.text;
      state.rest = setIn(state.rest, ['title'], preset.title(lang));
      if (preset.clientPath) state.rest = setIn(state.rest, ['client', 'request', 'path'], preset.clientPath);
    }
    configEditor.setText(state.config);
    yamlEditor.setText(state.rest);
    refreshForm();
    edited(true);
  });
  const clientSelect = part<HTMLSelectElement>(root, 'client-preset');
  clientSelect.addEventListener('change', () => {
    if (!clientSelect.value) return;
    state.rest = applyClientPreset(state.rest, clientSelect.value);
    yamlEditor.setText(state.rest);
    refreshForm();
    edited(true);
  });

  // ---- permalink ------------------------------------------------------------------------
  const writeHash = (scenarioText: string) => {
    // Past the decoder's cap no page could open the link, and deflating megabytes on every
    // keystroke would freeze the page: keep the old hash and say why.
    if (exceedsBytes(scenarioText, MAX_PERMALINK_BYTES)) {
      const size = formatBytes(utf8Bytes(scenarioText));
      setAlert(t('permalink.tooLarge', { size, limit: formatBytes(MAX_PERMALINK_BYTES) }), 'permalink');
      return;
    }
    const hash = `#s=${encodePermalink(scenarioText)}`;
    if (hash !== location.hash) history.replaceState(null, '', hash);
    lastHash = hash;
  };
  // ---- share menus (components/share): the toolbar's, and the downloads of two views --------
  const st = translator(share[lang]);
  /** The embed view matching the tab the reader is looking at. */
  const embedView = (): string => {
    const tab = viewTabs.selected?.() ?? 'transcript';
    const views: Record<string, string> = {
      timeline: 'timeline',
      sequence: 'diagram',
      headers: 'headers',
      outcome: 'outcome',
    };
    return views[tab] ?? 'terminal';
  };
  const stopSharing = provideShare(root, (menu) => {
    const joined = joinScenario(state.config, state.rest);
    const title = scenarioTitle(state.rest, lang) ?? '';
    if (menu.dataset.share === 'timeline') {
      const drawing = part(root, 'timeline').querySelector('svg');
      return {
        image: async () => (drawing ? styledSvgImage(drawing, `${st('title.timeline')} · ${title}`) : null),
        fileBase: `timeline ${title}`,
        fileFallback: 'timeline',
      };
    }
    if (menu.dataset.share === 'sequence') {
      const source = sequence.current;
      return {
        image: async () =>
          source
            ? mermaidImage(
                source,
                document.documentElement.dataset.theme === 'light' ? 'default' : 'dark',
                `${st('title.sequence')} · ${title}`,
              )
            : null,
        fileBase: `sequence ${title}`,
        fileFallback: 'sequence',
      };
    }
    if (!joined.ok) return null;
    writeHash(joined.text);
    // Past the permalink cap no link could open it (writeHash has said so): nothing to share,
    // and no megabytes deflated on the main thread.
    if (exceedsBytes(joined.text, MAX_PERMALINK_BYTES)) return null;
    const permalink = encodePermalink(joined.text);
    const shareTitle = title || st('title.playground');
    const base = scenarioProvider(lang, {
      kind: 'scenario',
      permalink,
      title: shareTitle,
      config: state.config,
      line: st('md.playgroundLine'),
    });
    return {
      ...base,
      reproduce: () => ({ scenario: joined.text, fileBase: shareTitle }),
      // The live playground, on the view the reader has open.
      embedCode: (origin) =>
        iframeSnippet({
          src: `${origin}/${lang}/embed/playground/#s=${permalink}&view=${embedView()}`,
          title: shareTitle,
          height: 560,
        }),
      options: () =>
        openEmbedDialog(
          {
            lang,
            kind: 'playground',
            permalink,
            title: title || translator(embedDialog[lang])('defaultTitle'),
          },
          lang,
        ),
    };
  });
  // The permalink follows the edits a moment later, off the keystroke's path (deflating the
  // scenario and replaceState cost a few ms each); written at once when the page is left.
  let hashDue: { text: string; timer: ReturnType<typeof setTimeout> } | null = null;
  const flushHash = () => {
    if (!hashDue) return;
    clearTimeout(hashDue.timer);
    const { text } = hashDue;
    hashDue = null;
    writeHash(text);
  };
  const writeHashSoon = (text: string) => {
    if (hashDue) clearTimeout(hashDue.timer);
    hashDue = { text, timer: setTimeout(flushHash, 400) };
  };
  window.addEventListener('pagehide', flushHash);
  const onHashChange = () => {
    if (location.hash === lastHash) return;
    if (hashDue) clearTimeout(hashDue.timer);
    hashDue = null;
    lastHash = location.hash;
    const decoded = permalinkFromHash(location.hash);
    if (!decoded) return;
    const split = decoded.ok ? splitScenario(decoded.text) : null;
    if (!decoded.ok) setAlert(brokenPermalinkMessage(decoded), 'permalink');
    else if (split && !split.ok)
      setAlert(t('permalink.notScenario', { message: split.message }), 'permalink');
    else setAlert(null);
    state = split?.ok
      ? split.value
      : decoded.ok
        ? { config: '', rest: decoded.text }
        : presetScenario('basic/empty');
    configEditor.setText(state.config);
    yamlEditor.setText(state.rest);
    refreshForm();
    simulateNow(false);
  };
  window.addEventListener('hashchange', onHashChange);

  // ---- simulation -------------------------------------------------------------------------
  let answers = 0;
  const client = new EngineClient({
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onResult: (response) => show(response),
    onTimeout: (ms, regex) => {
      root.dataset.answers = String(++answers);
      delete root.dataset.busy;
      setAlert(
        regex
          ? t('status.watchdogRegex', regexTimeoutParams(regex, ms))
          : t('status.watchdog', { seconds: ms / 1000 }),
        'watchdog',
      );
      setStatus('');
    },
    onCrash: (message) => setStatus(t('status.crashed', { message })),
  });

  function simulateNow(updateHash: boolean, fromEdit = false): void {
    const joined = joinScenario(state.config, state.rest);
    if (!joined.ok) {
      yamlEditor.setProblems([{ line: null, message: joined.message, severity: 'error' }]);
      setStatus(t('status.scenarioError', { message: joined.message }));
      // No simulation of this text: the last one's views must not stay as if they were its.
      clearViews();
      return;
    }
    if (updateHash) writeHashSoon(joined.text);
    setStatus(t('status.running'));
    root.dataset.busy = '';
    if (fromEdit) client.request(joined.text, state.config);
    else client.send(joined.text, state.config);
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
    if (alertBox.dataset.kind === 'permalink') setAlert(null);
    // Until the answer to this edit is shown (the browser tests wait for it).
    root.dataset.busy = '';
    if (pendingEdit !== null) clearTimeout(pendingEdit);
    pendingEdit = null;
    const run = () => {
      pendingEdit = null;
      if (yamlChanged || formStale) {
        adoptWholeScenario();
        refreshForm();
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
  function adoptWholeScenario(): void {
    if (state.config.trim() !== '') return;
    const config = readRest(state.rest)?.config;
    if (typeof config !== 'string') return;
    state.config = config;
    state.rest = setIn(state.rest, ['config'], undefined);
    configEditor.setText(state.config);
    yamlEditor.setText(state.rest);
  }

  function clearViews(): void {
    showTranscript([]);
    timeline.update([]);
    sequence.update(null);
    headers.update(null, null);
    renderErrorLog(part(root, 'errorlog'), [], t);
    outcome.update(null);
  }

  function show(response: SimResponse): void {
    // A counter the browser tests (and curious people) can watch to know a new answer is shown.
    root.dataset.answers = String(++answers);
    if (!client.behind && pendingEdit === null) delete root.dataset.busy;
    if (alertBox.dataset.kind === 'watchdog') setAlert(null);
    if (response.kind === 'missing') {
      configEditor.setProblems(response.configErrors.map((e) => lintProblem(e, explainReason)));
      setStatus(t('status.engineMissing', { names: response.names.join(', ') }));
      return;
    }
    if (response.kind === 'error') {
      setStatus(t('status.crashed', { message: response.message }));
      return;
    }
    const emptyConfig = state.config.trim() === '';
    configEditor.setProblems([
      ...(emptyConfig ? [] : response.configErrors.map((e) => lintProblem(e, explainReason))),
      ...(response.diagnostics ?? []).map(
        (d): LineProblem => ({
          line: d.location.line,
          message: explainDiagnostic(d.message),
          severity: d.severity === 'error' ? 'error' : 'warning',
        }),
      ),
    ]);
    yamlEditor.setProblems(
      response.scenarioErrors.map((message): LineProblem => ({ line: null, message, severity: 'error' })),
    );
    const sim = response.simulation;
    const rest = readRestOnce(state.rest);
    verdict.update(
      verdictOf({
        outcome: sim?.outcome ?? null,
        configErrors: response.configErrors,
        diagnostics: response.diagnostics,
        scenarioError: response.scenarioErrors[0] ?? null,
        emptyConfig,
        ...clientAsks(rest),
      }),
    );
    if (!sim) {
      setStatus(t('status.scenarioError', { message: response.scenarioErrors[0] ?? '?' }));
      // Nothing was simulated: empty every view rather than leave the last run's result on
      // screen as if it belonged to this scenario.
      clearViews();
      renderDiagnostics(
        part(root, 'diagnostics'),
        response.diagnostics,
        lang,
        t,
        explainDiagnostic,
        diagnosticActions,
      );
      return;
    }
    const configError = 'config_error' in sim.outcome ? sim.outcome.config_error : null;
    if (emptyConfig) setStatus(t('status.emptyConfig'));
    // The verdict above the views says how the run went; the status line is for the engine.
    else setStatus(configError ? t('status.configError', { message: configError }) : '');
    showTranscript(cappedTranscript(sim.transcript, t));
    drawWhenSeen.run('timeline', () => timeline.update(localTimeline(sim.timeline, t)));
    drawWhenSeen.run('sequence', () => sequence.update(response.mermaid));
    drawWhenSeen.run('headers', () => headers.update(rest as Pick<Scenario, 'client'> | null, sim));
    renderErrorLog(part(root, 'errorlog'), sim.errorLog, t);
    outcome.update(sim.outcome);
    drawWhenSeen.run('diagnostics', () =>
      renderDiagnostics(
        part(root, 'diagnostics'),
        response.diagnostics,
        lang,
        t,
        explainDiagnostic,
        diagnosticActions,
      ),
    );
  }
  /** The terminal is redrawn only when the transcript changed (a comment typed in the config does not). */
  let shownTranscript: string | null = null;
  function showTranscript(lines: Parameters<TranscriptView['update']>[0]): void {
    const key = JSON.stringify(lines);
    if (key === shownTranscript) return;
    shownTranscript = key;
    transcript.update(lines);
  }
  /** The scenario's client and backends as data, parsed again only when their text changed. */
  let parsedRest: { text: string; value: ReturnType<typeof readRest> } | null = null;
  function readRestOnce(text: string): ReturnType<typeof readRest> {
    if (parsedRest?.text !== text) parsedRest = { text, value: readRest(text) };
    return parsedRest.value;
  }

  renderDiagnostics(part(root, 'diagnostics'), null, lang, t, explainDiagnostic, diagnosticActions);
  // Start-up order: the first simulation starts the worker (off the main thread), then the
  // config editor loads and replaces its server-rendered stand-in; the YAML editor waits
  // for its tab. Answers that arrive first are kept by the deferred editors.
  simulateNow(false);
  void configEditor.mount();
  const scenarioTabs = part(root, 'scenario-tabs');
  const onScenarioTab = (e: Event) => {
    if ((e as CustomEvent<string>).detail === 'yaml') void yamlEditor.mount();
  };
  scenarioTabs.addEventListener('pg-tab-change', onScenarioTab);

  return () => {
    if (pendingEdit !== null) clearTimeout(pendingEdit);
    client.dispose();
    window.removeEventListener('hashchange', onHashChange);
    window.removeEventListener('pagehide', flushHash);
    flushHash();
    scenarioTabs.removeEventListener('pg-tab-change', onScenarioTab);
    stopSharing();
    configEditor.destroy();
    yamlEditor.destroy();
  };
}

function writeForm(form: HTMLFormElement, values: FormValues): void {
  const active = document.activeElement;
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements.namedItem(name);
    if (
      !(
        field instanceof HTMLInputElement ||
        field instanceof HTMLSelectElement ||
        field instanceof HTMLTextAreaElement
      )
    )
      continue;
    if (field === active) continue;
    if (field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = Boolean(value);
    else if (field instanceof HTMLSelectElement && ![...field.options].some((o) => o.value === value)) {
      field.append(new Option(String(value), String(value)));
      field.value = String(value);
    } else field.value = String(value);
  }
}
