import { encodePermalink } from '../../../playground/src/index';
import { diagnostic, embed, playground, reason } from '../../i18n/catalog';
import { type Lang, pageLang } from '../../i18n/languages';
import { type Explain, explainer, translator } from '../../i18n/translate';
import { DeferredEditor } from '../../playground-ui/deferred-editor';
import { editorStandIn } from '../../playground-ui/editor-stand-in';
import { configMarkers } from '../../playground-ui/lint-problem';
import { modelledTranscript, withVersion } from '../../playground-ui/nginx-version';
import type { SimResponse } from '../../playground-ui/protocol';
import { joinScenario, readRest, splitScenario } from '../../playground-ui/scenario-text';
import { VersionPanel } from '../../playground-ui/version-panel';
import { HeadersView } from '../../playground-ui/views/headers-view';
import { localRun } from '../../playground-ui/views/local-run';
import { OutcomeView } from '../../playground-ui/views/outcome-view';
import { SequenceView } from '../../playground-ui/views/sequence-view';
import { TimelineView } from '../../playground-ui/views/timeline-view';
import { TranscriptView } from '../../playground-ui/views/transcript-view';
import { cappedTranscript } from '../../playground-ui/views/view-limits';
import { provideShare } from '../share/share-provider';
import { configPresetText } from './default-scenario';
import { clearError, part, showError, watchdogError } from './embed-dom';
import { PLAYGROUND_VIEWS, type PlaygroundView, pickView, readEmbedParams } from './embed-params';
import { embedSource } from './embed-source';
import { embedEngine } from './engine-worker';
import { postHeightOf } from './post-height';
import { followSystemTheme } from './theme';

/**
 * The live playground embed: the config editor and one result view, wired to the same
 * worker, editor and views as the full playground. The rest of the scenario (client,
 * backends) comes from the permalink unchanged. `root.dataset.answers` counts answers shown.
 */

/** How long the embed waits after a keystroke before it re-reads and simulates the scenario. */
const EDIT_PAUSE_MS = 300;

type Shown = (response: Extract<SimResponse, { kind: 'result' }>, rest: string) => void;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, testid?: string) {
  const node = document.createElement(tag);
  node.className = className;
  if (testid) node.dataset.testid = testid;
  return node;
}

/** Builds the chosen view inside `host`; returns how it shows an answer. */
function buildView(
  view: PlaygroundView,
  host: HTMLElement,
  lang: Lang,
  explainReason: Explain,
  goToLine: (line: number) => void,
  say: (message: string) => void,
): Shown {
  const pt = translator(playground[lang]);
  if (view === 'terminal') {
    const terminal = el('div', 'pg-terminal', 'terminal');
    terminal.setAttribute('aria-hidden', 'true');
    const mirror = el('pre', 'pg-sr-only', 'transcript-text');
    host.replaceChildren(terminal, mirror);
    const transcript = new TranscriptView(terminal, mirror);
    transcript.show();
    return (r) => {
      if (r.simulation)
        transcript.update(
          modelledTranscript(
            cappedTranscript(localRun(r.simulation, pt).transcript, pt),
            pt('version.transcript', { version: r.nginxVersion }),
          ),
        );
    };
  }
  if (view === 'timeline') {
    const drawing = el('div', 'pg-timeline', 'timeline');
    const details = el('p', 'pg-details');
    details.setAttribute('aria-live', 'polite');
    host.replaceChildren(drawing, details);
    const timeline = new TimelineView(drawing, details, explainReason, pt, goToLine, lang);
    timeline.show();
    return (r) => {
      if (r.simulation) timeline.update(localRun(r.simulation, pt).timeline, r.simulation.outcome);
    };
  }
  if (view === 'diagram') {
    const drawing = el('div', 'pg-sequence', 'sequence');
    host.replaceChildren(drawing);
    const sequence = new SequenceView(drawing, pt);
    sequence.show();
    return (r) => sequence.update(r.simulation ? localRun(r.simulation, pt).sequence(r.mermaid) : r.mermaid);
  }
  if (view === 'headers') {
    const tables = el('div', '', 'headers');
    host.replaceChildren(tables);
    const headers = new HeadersView(tables, explainReason, pt, goToLine);
    return (r, rest) => headers.update(readRest(rest) as Parameters<HeadersView['update']>[0], r.simulation);
  }
  const row = el('div', 'pg-row');
  const copy = el('button', '');
  copy.type = 'button';
  copy.textContent = pt('outcome.copy');
  const download = el('button', '');
  download.type = 'button';
  download.textContent = pt('outcome.download');
  row.append(copy, download);
  const pre = el('pre', 'pg-pre', 'outcome');
  // The JSON scrolls inside its box: keyboard readers must be able to reach and scroll it.
  pre.tabIndex = 0;
  pre.setAttribute('aria-label', pt('view.outcome'));
  host.replaceChildren(row, pre);
  const outcome = new OutcomeView(pre, copy, download, say, pt);
  return (r) => outcome.update(r.simulation?.outcome ?? null, r.nginxVersion);
}

export function mountPlaygroundEmbed(root: HTMLElement): void {
  const lang = pageLang(root.dataset.lang);
  const t = translator(embed[lang]);
  const pt = translator(playground[lang]);
  followSystemTheme();
  postHeightOf(part(document, 'embed-content'));

  const alertBox = part(root, 'alert');
  const status = part(root, 'status');
  const openLink = part<HTMLAnchorElement>(root, 'open');
  const params = readEmbedParams(location.hash);
  const view = pickView(params.view, PLAYGROUND_VIEWS);
  root.dataset.view = view;
  part(root, 'view-label').textContent = t(`view.${view}`);
  const say = (message: string) => {
    status.textContent = message;
  };

  // No `s=` at all: the playground's default scenario. A broken one: say so, in both languages.
  const source = embedSource(params.s, lang);
  let config: string;
  let rest: string;
  if (source.ok) {
    ({ config, rest } = source);
    if (source.title) part(root, 'title').textContent = source.title;
  } else if (params.s === null) {
    const split = splitScenario(configPresetText());
    ({ config, rest } = split.ok ? split.value : { config: '', rest: '' });
  } else {
    showError(alertBox, lang, source.key, source.params);
    root.dataset.state = 'error';
    return;
  }
  // The version picker edits the scenario's nginx_version; the "open in the playground" link carries it.
  const versions = new VersionPanel(root, pt, (version) => {
    rest = withVersion(rest, version);
    simulate(true);
  });
  versions.refresh(rest);
  // The config as plain text in the editor's place and size, so the body appears once, at
  // its final height, and CodeMirror can load afterwards without moving anything.
  part(root, 'config-editor').replaceChildren(editorStandIn(config));
  part(root, 'body').hidden = false;

  // CodeMirror loads in its own tasks, after the first simulation has gone to the worker.
  const editor = new DeferredEditor({
    parent: part(root, 'config-editor'),
    doc: config,
    language: 'nginx',
    label: t('config'),
    onChange: (text) => {
      config = text;
      simulate(false);
    },
  });

  const explainReason = explainer(reason[lang]);
  const explainDiagnostic = explainer(diagnostic[lang]);
  const showResult = buildView(
    view,
    part(root, 'view'),
    lang,
    explainReason,
    (line) => editor.goToLine(line),
    say,
  );

  let answers = 0;
  const client = embedEngine({
    onResult: (response) => {
      root.dataset.answers = String(++answers);
      if (response.kind === 'error') {
        showError(alertBox, lang, 'error.engine', { message: response.message });
        return;
      }
      clearError(alertBox);
      editor.setProblems(
        configMarkers(config, response.configErrors, response.diagnostics, explainReason, explainDiagnostic),
      );
      const sim = response.simulation;
      if (!sim) {
        showError(alertBox, lang, 'error.scenario', { message: response.scenarioErrors[0] ?? '?' });
        say('');
        return;
      }
      const configError = 'config_error' in sim.outcome ? sim.outcome.config_error : null;
      say(configError ? pt('status.configError', { message: configError }) : pt('status.ok'));
      showResult(response, rest);
      root.dataset.nginxVersion = response.nginxVersion;
      root.dataset.state = 'done';
    },
    onTimeout: (ms, regex) => {
      root.dataset.answers = String(++answers);
      showError(alertBox, lang, ...watchdogError(ms, regex));
      say('');
    },
    onCrash: (message) => showError(alertBox, lang, 'error.engine', { message }),
  });

  let pendingEdit: ReturnType<typeof setTimeout> | null = null;
  function simulate(immediate: boolean): void {
    if (pendingEdit !== null) clearTimeout(pendingEdit);
    pendingEdit = null;
    if (!immediate) {
      // Joining re-reads the scenario's YAML: once typing pauses, not on every keystroke.
      say(pt('status.running'));
      pendingEdit = setTimeout(() => simulate(true), EDIT_PAUSE_MS);
      return;
    }
    const joined = joinScenario(config, rest);
    if (!joined.ok) {
      showError(alertBox, lang, 'error.scenario', { message: joined.message });
      return;
    }
    openLink.href = `/${lang}/playground/#s=${encodePermalink(joined.text)}`;
    say(pt('status.running'));
    client.send(joined.text, config);
  }
  // "Reproduce on your nginx" takes the scenario as edited, when it is whole.
  provideShare(root, () => {
    const joined = joinScenario(config, rest);
    if (!joined.ok) return null;
    return {
      reproduce: () => ({
        scenario: joined.text,
        fileBase: (source.ok && source.title) || t('title.playground'),
      }),
    };
  });
  root.dataset.state = 'loading';
  simulate(true);
  void editor.mount();
}
