import { encodePermalink } from '../../../playground/src/index';
import { embed, type Keys, share, type Translator } from '../../i18n/catalog';
import { pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { SequenceView } from '../../playground-ui/views/sequence-view';
import { transcriptPlainText } from '../../playground-ui/views/transcript-format';
import { cappedTranscript } from '../../playground-ui/views/view-limits';
import { provideShare } from '../share/share-provider';
import { scenarioProvider } from '../share/static-providers';
import { part, setTextShowingInvisible, showError, watchdogError, wireCopy } from './embed-dom';
import { pickView, readEmbedParams, SCENARIO_VIEWS } from './embed-params';
import { embedSource } from './embed-source';
import { embedEngine } from './engine-worker';
import { postHeightOf } from './post-height';
import { followSystemTheme } from './theme';

/**
 * The read-only scenario embed: the config (with a copy button) and, computed here in the
 * browser, either what the client sees (the transcript) or the sequence diagram.
 * `root.dataset.state` goes loading → done | error, for tests and curious readers.
 */
/**
 * SequenceView asks for three playground strings; answering from the embed's own namespace
 * keeps the playground's (much larger) one out of this page.
 */
function diagramTexts(t: Translator<'embed'>): Translator<'playground'> {
  const keys: Partial<Record<Keys<'playground'>, Keys<'embed'>>> = {
    'sequence.loading': 'diagram.loading',
    'sequence.failed': 'diagram.failed',
    'sequence.unavailable': 'diagram.unavailable',
  };
  return (key, params) => {
    const own = keys[key];
    return own ? t(own, params) : key;
  };
}

export function mountScenarioEmbed(root: HTMLElement): void {
  const lang = pageLang(root.dataset.lang);
  const t = translator(embed[lang]);
  followSystemTheme();
  postHeightOf(part(document, 'embed-content'));

  const alertBox = part(root, 'alert');
  const status = part(root, 'status');
  const params = readEmbedParams(location.hash);
  const view = pickView(params.view, SCENARIO_VIEWS);
  root.dataset.view = view;
  const fail = (key: Parameters<typeof showError>[2], p?: Record<string, string | number>) => {
    showError(alertBox, lang, key, p);
    root.dataset.state = 'error';
    status.textContent = '';
  };

  // A guide snippet's own page carries its scenario; a hash (someone's edit) still wins.
  const source = embedSource(params.s ?? root.dataset.s ?? null, lang);
  if (!source.ok) {
    fail(source.key, source.params);
    return;
  }
  if (source.title) {
    part(root, 'title').textContent = source.title;
    document.title = `${source.title} · ${t('brand')}`;
  }
  const permalink = encodePermalink(source.text);
  part<HTMLAnchorElement>(root, 'open').href = `/${lang}/playground/#s=${permalink}`;
  const title = source.title ?? t('title.scenario');
  provideShare(root, () => {
    // The static fallback is the snippet's as built: only while the page shows that snippet.
    const fallback = params.s === null ? root.dataset.fallback : undefined;
    const { link, markdown, imageMarkdown, text } = scenarioProvider(lang, {
      kind: 'scenario',
      permalink,
      title,
      config: source.config,
      // A link can hold any scenario, not only the checked ones of the guides.
      line: translator(share[lang])('md.playgroundLine'),
      ...(fallback ? { fallback } : {}),
    });
    return {
      link,
      markdown,
      imageMarkdown,
      text,
      reproduce: () => ({ scenario: source.text, fileBase: title }),
    };
  });
  const configPre = part(root, 'config');
  setTextShowingInvisible(configPre, source.config);
  wireCopy(part(root, 'copy-config'), () => source.config, configPre, status, t);
  part(root, 'body').hidden = false;

  const transcriptPre = part(root, 'transcript');
  const diagramHost = part(root, 'diagram');
  const resultCopy = part<HTMLButtonElement>(root, 'copy-result');
  part(root, 'result-label').textContent = t(view === 'diagram' ? 'view.diagram' : 'view.transcript');
  transcriptPre.hidden = view !== 'transcript';
  diagramHost.hidden = view !== 'diagram';
  let resultText = '';
  wireCopy(resultCopy, () => resultText, view === 'diagram' ? diagramHost : transcriptPre, status, t);
  const sequence = view === 'diagram' ? new SequenceView(diagramHost, diagramTexts(t)) : null;
  sequence?.show();

  status.textContent = t('running');
  root.dataset.state = 'loading';
  const client = embedEngine({
    onResult: (response) => {
      client.dispose();
      if (response.kind === 'error') return fail('error.engine', { message: response.message });
      const sim = response.simulation;
      if (!sim) return fail('error.scenario', { message: response.scenarioErrors[0] ?? '?' });
      if (view === 'diagram') {
        // The Mermaid source is what a wiki can paste into its own diagram macro.
        resultText = response.mermaid ?? '';
        sequence?.update(response.mermaid);
      } else {
        resultText = transcriptPlainText(
          cappedTranscript(sim.transcript, (_key, p) => t('transcript.more', p)),
        );
        transcriptPre.textContent = resultText;
      }
      // The result names the nginx version it models (the scenario's nginx_version, else the default).
      part(root, 'result-label').textContent =
        `${t(view === 'diagram' ? 'view.diagram' : 'view.transcript')} · ${t('version.modelled', { version: response.nginxVersion })}`;
      root.dataset.nginxVersion = response.nginxVersion;
      status.textContent = '';
      root.dataset.state = 'done';
    },
    onTimeout: (ms, regex) => fail(...watchdogError(ms, regex)),
    onCrash: (message) => fail('error.engine', { message }),
  });
  client.send(source.text, source.config);
}
