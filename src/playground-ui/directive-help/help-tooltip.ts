import { type EditorState, StateEffect, StateField } from '@codemirror/state';
import {
  EditorView,
  hasHoverTooltips,
  hoverTooltip,
  keymap,
  showTooltip,
  type Tooltip,
  ViewPlugin,
  type ViewUpdate,
} from '@codemirror/view';
import type { Translator } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import { type DirectiveAt, directiveAt } from './config-context';

/**
 * Directive help in the config editor: hovering a directive's name, or resting the cursor on it
 * (keyboard users: move onto the name with the arrow keys; Esc closes it), shows nginx.org's
 * syntax, default and contexts, one line of explanation and a link to the reference. The data is
 * a chunk of its own (help-data.ts), fetched on the first hover or rest.
 */

export interface HelpOptions {
  lang: Lang;
  t: Translator<'playground'>;
}

/** How long the cursor rests on a name before the help opens (long enough not to flash while arrowing). */
const REST_MS = 450;

type HelpData = typeof import('./help-data');
let data: Promise<HelpData> | null = null;
const loadData = () => {
  data ??= import('./help-data');
  return data;
};

async function helpTooltip(
  state: EditorState,
  at: DirectiveAt,
  options: HelpOptions,
): Promise<Tooltip | null> {
  const [{ helpFor }, { renderHelp }] = await Promise.all([loadData(), import('./help-view')]);
  const help = helpFor(at.name, at.context, options.lang);
  if (!help) return null;
  // The document may have changed while the chunk loaded.
  if (state.doc.sliceString(at.from, at.to) !== at.name) return null;
  return {
    pos: at.from,
    end: at.to,
    above: true,
    create: () => ({ dom: renderHelp(help, options.lang, options.t) }),
  };
}

/** A name a directive could be at `pos`, with its context (null when the position is not on one). */
function nameAt(state: EditorState, pos: number): DirectiveAt | null {
  const at = directiveAt(state.doc.toString(), pos);
  return at && at.context !== null ? at : null;
}

const setRestHelp = StateEffect.define<Tooltip | null>();

/** The help opened by a resting cursor: it closes on any edit, on Esc, or when the cursor leaves the name. */
const restHelp = StateField.define<Tooltip | null>({
  create: () => null,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setRestHelp)) return e.value;
    if (!value) return value;
    if (tr.docChanged) return null;
    const head = tr.state.selection.main.head;
    if (head < value.pos || head > (value.end ?? value.pos)) return null;
    return value;
  },
  provide: (field) => showTooltip.from(field),
});

function restPlugin(options: HelpOptions) {
  return ViewPlugin.fromClass(
    class {
      private timer: ReturnType<typeof setTimeout> | null = null;
      constructor(private readonly view: EditorView) {}
      update(update: ViewUpdate) {
        if (update.docChanged) return this.cancel();
        if (!update.selectionSet && !(update.focusChanged && update.view.hasFocus)) return;
        this.cancel();
        const selection = update.state.selection.main;
        if (!selection.empty || !update.view.hasFocus) return;
        const at = nameAt(update.state, selection.head);
        if (!at) return;
        const current = update.state.field(restHelp);
        if (current && current.pos === at.from) return;
        // The mouse already shows it (a click on the name): one card, not two.
        if (hasHoverTooltips(update.state)) return;
        this.timer = setTimeout(() => {
          this.timer = null;
          void helpTooltip(this.view.state, at, options).then((tooltip) => {
            const head = this.view.state.selection.main.head;
            if (!tooltip || head < at.from || head > at.to || !this.view.dom.isConnected) return;
            if (hasHoverTooltips(this.view.state)) return;
            this.view.dispatch({ effects: setRestHelp.of(tooltip) });
          });
        }, REST_MS);
      }
      cancel() {
        if (this.timer !== null) clearTimeout(this.timer);
        this.timer = null;
      }
      destroy() {
        this.cancel();
      }
    },
  );
}

export function directiveHelp(options: HelpOptions) {
  return [
    hoverTooltip((view, pos) => {
      const at = nameAt(view.state, pos);
      // Already open from the keyboard: one card, not two.
      if (!at || view.state.field(restHelp)?.pos === at.from) return null;
      return helpTooltip(view.state, at, options);
    }),
    restHelp,
    restPlugin(options),
    keymap.of([
      {
        key: 'Escape',
        run: (view) => {
          if (!view.state.field(restHelp)) return false;
          view.dispatch({ effects: setRestHelp.of(null) });
          return true;
        },
      },
    ]),
    helpTheme,
  ];
}

const helpTheme = EditorView.theme({
  '.pg-directive-help': {
    maxWidth: 'min(34rem, calc(100vw - 2rem))',
    boxSizing: 'border-box',
    padding: '0.5rem 0.75rem',
    fontFamily: 'var(--sl-font, system-ui, sans-serif)',
    fontSize: '0.85rem',
    lineHeight: '1.45',
  },
  '.pg-directive-help p': { margin: '0 0 0.4rem' },
  '.pg-directive-help dl': {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: '0.15rem 0.75rem',
    margin: '0 0 0.4rem',
  },
  '.pg-directive-help dt': { color: 'var(--sl-color-gray-2)', margin: '0' },
  '.pg-directive-help dd': { margin: '0', display: 'flex', flexDirection: 'column', gap: '0.1rem' },
  '.pg-directive-help code': {
    fontFamily: 'var(--__sl-font-mono, ui-monospace, monospace)',
    fontSize: '0.8rem',
    overflowWrap: 'anywhere',
  },
  '.pg-directive-help-note': { color: 'var(--sl-color-gray-2)', fontSize: '0.8rem' },
  '.pg-directive-help-link': { color: 'var(--sl-color-text-accent)' },
});
