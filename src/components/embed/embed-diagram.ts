import { encodePermalink } from '../../../playground/src/index';
import { embed, share } from '../../i18n/catalog';
import { type Lang, pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { safeSvg } from '../../playground-ui/views/sequence-view';
import { renderMermaid } from '../share/diagram-render';
import { shareMarkdown } from '../share/share-codes';
import { provideShare, type ShareProvider } from '../share/share-provider';
import { mermaidImage } from '../share/svg-export';
import { part, showError, watchdogError } from './embed-dom';
import { readEmbedParams } from './embed-params';
import { embedSource } from './embed-source';
import { embedEngine } from './engine-worker';
import { postHeightOf } from './post-height';
import { followSystemTheme } from './theme';

/**
 * The two diagram embeds: a guide's diagram (/{lang}/embed/diagram/<id>/, source in the
 * page) and a scenario's sequence diagram (/{lang}/embed/diagram/#s=…, drawn from what the
 * engine computes). Both redraw when the theme changes, post their height, and share the
 * link back, Markdown with the Mermaid source, and SVG/PNG files.
 * `root.dataset.state` goes loading → done | error.
 */

const mermaidTheme = () => (document.documentElement.dataset.theme === 'light' ? 'default' : 'dark');

/** Draws `source` into `host` now and on every theme change. */
function drawAndFollowTheme(
  host: HTMLElement,
  source: string,
  trusted: boolean,
  done: () => void,
  failed: (m: string) => void,
) {
  let drawing = Promise.resolve();
  const draw = () => {
    drawing = drawing.then(async () => {
      try {
        // The guides' diagrams are ours (HTML labels allowed); a scenario's comes from a link: scrubbed.
        const markup = await renderMermaid(source, { theme: mermaidTheme(), htmlLabels: trusted });
        if (trusted) host.innerHTML = markup;
        else {
          const node = safeSvg(markup);
          if (!node) throw new Error('no SVG');
          host.replaceChildren(node);
        }
        host.dataset.theme = mermaidTheme();
        done();
      } catch (error) {
        failed(error instanceof Error ? error.message : String(error));
      }
    });
  };
  new MutationObserver(draw).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  draw();
}

function langOf(root: HTMLElement): Lang {
  return pageLang(root.dataset.lang);
}

function imageShare(source: () => string | null, title: () => string, fileBase: string, fallback: string) {
  return {
    image: async () => {
      const text = source();
      return text ? mermaidImage(text, mermaidTheme(), title()) : null;
    },
    fileBase,
    fileFallback: fallback,
  } satisfies ShareProvider;
}

/** /{lang}/embed/diagram/<id>/: everything is in the markup, written at build time. */
export function mountGuideDiagramEmbed(root: HTMLElement): void {
  const lang = langOf(root);
  const st = translator(share[lang]);
  followSystemTheme();
  postHeightOf(part(document, 'embed-content'));
  const source = part(root, 'source').textContent ?? '';
  const title = root.dataset.title ?? '';
  const page = root.dataset.pageTitle ?? '';
  const href = root.dataset.href ?? `/${lang}/guides/`;
  provideShare(root, () => ({
    link: (origin) => `${origin}${href}`,
    markdown: (origin) =>
      shareMarkdown({
        title,
        line: st('md.diagramLine', { page }),
        code: source,
        codeLang: 'mermaid',
        link: `${origin}${href}`,
        linkText: st('md.openGuide', { page }),
      }),
    ...imageShare(
      () => source,
      () => title,
      root.dataset.diagram ?? '',
      'diagram',
    ),
  }));
  root.dataset.state = 'loading';
  drawAndFollowTheme(
    part(root, 'drawing'),
    source,
    true,
    () => {
      part(root, 'source-box').removeAttribute('open');
      root.dataset.state = 'done';
    },
    (message) => {
      showError(part(root, 'alert'), lang, 'diagram.failed', { message });
      root.dataset.state = 'error';
    },
  );
}

/** /{lang}/embed/diagram/#s=…: the engine computes the diagram from the scenario in the link. */
export function mountScenarioDiagramEmbed(root: HTMLElement): void {
  const lang = langOf(root);
  const t = translator(embed[lang]);
  const st = translator(share[lang]);
  followSystemTheme();
  postHeightOf(part(document, 'embed-content'));
  const alertBox = part(root, 'alert');
  const status = part(root, 'status');
  const fail = (key: Parameters<typeof showError>[2], p?: Record<string, string | number>) => {
    showError(alertBox, lang, key, p);
    root.dataset.state = 'error';
    status.textContent = '';
  };
  const source = embedSource(readEmbedParams(location.hash).s, lang);
  if (!source.ok) {
    fail(source.key, source.params);
    return;
  }
  const title = source.title ?? t('title.diagram');
  part(root, 'title').textContent = title;
  document.title = `${title} · ${t('brand')}`;
  const playground = `/${lang}/playground/#s=${encodePermalink(source.text)}`;
  part<HTMLAnchorElement>(root, 'open').href = playground;
  let mermaid: string | null = null;
  provideShare(root, () => ({
    link: (origin) => `${origin}${playground}`,
    markdown: (origin) =>
      mermaid
        ? shareMarkdown({
            title,
            line: st('md.sequenceLine'),
            code: mermaid,
            codeLang: 'mermaid',
            link: `${origin}${playground}`,
            linkText: st('md.openScenario'),
          })
        : null,
    ...imageShare(
      () => mermaid,
      () => title,
      `sequence ${source.title ?? ''}`,
      'sequence',
    ),
  }));
  part(root, 'body').hidden = false;
  status.textContent = t('running');
  root.dataset.state = 'loading';
  const client = embedEngine({
    onResult: (response) => {
      client.dispose();
      if (response.kind === 'error') return fail('error.engine', { message: response.message });
      if (!response.simulation) return fail('error.scenario', { message: response.scenarioErrors[0] ?? '?' });
      if (!response.mermaid) return fail('diagram.unavailable');
      mermaid = response.mermaid;
      part(root, 'source').textContent = mermaid;
      drawAndFollowTheme(
        part(root, 'drawing'),
        mermaid,
        false,
        () => {
          status.textContent = '';
          root.dataset.state = 'done';
        },
        (message) => fail('diagram.failed', { message }),
      );
    },
    onTimeout: (ms, regex) => fail(...watchdogError(ms, regex)),
    onCrash: (message) => fail('error.engine', { message }),
  });
  client.send(source.text, source.config);
}
