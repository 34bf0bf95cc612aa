import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import {
  bracketMatching,
  defaultHighlightStyle,
  HighlightStyle,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language';
import { nginx } from '@codemirror/legacy-modes/mode/nginx';
import { type Diagnostic, forEachDiagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Annotation, Compartment, EditorSelection, EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { INVISIBLE_CHARS } from '../../playground/src/index';
import type { Translator } from '../i18n/catalog';
import { directiveHelp, type HelpOptions } from './directive-help/help-tooltip';

/**
 * The two CodeMirror editors (nginx config, scenario YAML). Colours come from Starlight's
 * CSS variables, so both follow the site's light/dark theme without reconfiguring.
 */

export interface LineProblem {
  /** 1-based; null puts the marker on line 1. */
  line: number | null;
  message: string;
  severity: 'error' | 'warning';
}

export interface Editor {
  view: EditorView;
  text(): string;
  /** Replaces the text without calling `onChange` (used to sync from the other side). */
  setText(text: string): void;
  setProblems(problems: LineProblem[]): void;
  goToLine(line: number): void;
  /** Applies edits given as 1-based line/column ranges (a diagnostic's fix). */
  applyEdits(edits: ReadonlyArray<{ from: LineCol; to: LineCol; insert: string }>): void;
}

export interface LineCol {
  line: number;
  col: number;
}

/** Marks programmatic changes, so listeners can tell them from typing. */
const fromSync = Annotation.define<boolean>();

const theme = EditorView.theme({
  '&': {
    color: 'var(--sl-color-text)',
    backgroundColor: 'var(--sl-color-bg-inline-code, var(--sl-color-gray-6))',
    border: '1px solid var(--sl-color-gray-5)',
    borderRadius: '0.4rem',
    fontSize: '0.85rem',
  },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent)', outlineOffset: '1px' },
  '.cm-content': {
    fontFamily: 'var(--__sl-font-mono, ui-monospace, monospace)',
    caretColor: 'var(--sl-color-text)',
  },
  '.cm-gutters': {
    backgroundColor: 'var(--sl-color-gray-6)',
    // gray-3 is 4.5:1 on the dark gutter only by rounding; gray-2 reads well in both themes.
    color: 'var(--sl-color-gray-2)',
    borderRight: '1px solid var(--sl-color-gray-5)',
  },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--sl-color-accent-low) 35%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--sl-color-accent-low)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--sl-color-accent) 35%, transparent) !important',
  },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--sl-color-accent-low)',
    outline: '1px solid var(--sl-color-accent)',
  },
  '.cm-tooltip': { backgroundColor: 'var(--sl-color-bg)', color: 'var(--sl-color-text)' },
});

/** Token colours readable on both themes (defaultHighlightStyle is tuned for light only). */
const darkAwareHighlight = HighlightStyle.define(
  [
    { tag: tags.keyword, color: 'var(--pg-syntax-keyword)' },
    { tag: [tags.string, tags.special(tags.string)], color: 'var(--pg-syntax-string)' },
    { tag: [tags.variableName, tags.propertyName], color: 'var(--pg-syntax-variable)' },
    { tag: [tags.number, tags.bool, tags.null], color: 'var(--pg-syntax-number)' },
    { tag: [tags.comment, tags.lineComment], color: 'var(--pg-syntax-comment)', fontStyle: 'italic' },
    { tag: [tags.typeName, tags.definition(tags.propertyName)], color: 'var(--pg-syntax-keyword)' },
  ],
  {},
);

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  language: 'nginx' | 'yaml';
  label: string;
  onChange: (text: string) => void;
  /** For the nginx editor: directive help in the page's language. */
  help?: HelpOptions;
  /** For the YAML editor: completion and checks from the scenario's JSON Schema. */
  assist?: { t: Translator<'playground'> };
  /** Problems known before the editor exists (the page's first answer), drawn with its first frame. */
  problems?: LineProblem[];
}

export function createEditor(options: EditorOptions): Editor {
  // YAML highlighting (a Lezer parser) loads on its own, so the config editor's chunk stays
  // small; the YAML editor shows plain text for that moment.
  const language = new Compartment();
  const assist = new Compartment();
  /** Problems from the page (the engine's answers) and from the schema check, shown together. */
  let pageProblems: LineProblem[] = options.problems ?? [];
  let schemaProblems: LineProblem[] = [];
  let state = EditorState.create({
    doc: options.doc,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      drawSelection(),
      // Zero-width and bidi characters change what nginx reads but show as nothing: draw
      // them (CodeMirror's default set misses several; review F8).
      highlightSpecialChars({ addSpecialChars: INVISIBLE_CHARS }),
      bracketMatching(),
      history(),
      // Tab is left to the browser on purpose, so keyboard users can move out of the editor.
      keymap.of([...defaultKeymap, ...historyKeymap]),
      language.of(options.language === 'nginx' ? StreamLanguage.define(nginx) : []),
      assist.of([]),
      syntaxHighlighting(darkAwareHighlight),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      lintGutter(),
      options.help ? directiveHelp(options.help) : [],
      theme,
      EditorView.lineWrapping,
      // tabindex states what contenteditable already implies, so checkers (axe) see that a
      // long config, which scrolls inside the editor, is reachable from the keyboard.
      EditorView.contentAttributes.of({ 'aria-label': options.label, tabindex: '0' }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        if (update.transactions.some((tr) => tr.annotation(fromSync))) return;
        options.onChange(update.state.doc.toString());
      }),
    ],
  });
  // Known problems go into the first state rather than a dispatch after it: that first update
  // of a new view was the longest task of the page's start-up.
  if (pageProblems.length > 0) {
    const diagnostics = pageProblems.map((p) => toDiagnostic(state, p));
    state = state.update(setDiagnostics(state, diagnostics)).state;
  }
  const view = new EditorView({ state });
  // The page may have server-rendered the text as a same-sized stand-in (for a fast first
  // paint): the editor takes its place in one step, so nothing below it moves.
  const placeholder = options.parent.querySelector(':scope > [data-editor-placeholder]');
  if (placeholder) placeholder.replaceWith(view.dom);
  else options.parent.append(view.dom);
  const publish = () => {
    const diagnostics = [...pageProblems, ...schemaProblems].map((p) => toDiagnostic(view.state, p));
    // Every answer brings its problems, mostly the ones already shown: redrawing the markers
    // for nothing was a CodeMirror update on each keystroke's path.
    if (sameDiagnostics(view.state, diagnostics)) return;
    view.dispatch(setDiagnostics(view.state, diagnostics));
  };
  if (options.language === 'yaml') {
    void import('@codemirror/lang-yaml').then(({ yaml }) => {
      if (view.dom.isConnected) view.dispatch({ effects: language.reconfigure(yaml()) });
    });
    const t = options.assist?.t;
    if (t) {
      void import('./scenario-schema/yaml-assist').then(({ scenarioAssist }) => {
        if (!view.dom.isConnected) return;
        const extension = scenarioAssist(t, (problems) => {
          if (!view.dom.isConnected) return;
          schemaProblems = problems;
          publish();
        });
        view.dispatch({ effects: assist.reconfigure(extension) });
      });
    }
  }

  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      if (text === view.state.doc.toString()) return;
      const head = Math.min(view.state.selection.main.head, text.length);
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: EditorSelection.cursor(head),
        annotations: fromSync.of(true),
      });
    },
    setProblems(problems) {
      pageProblems = problems;
      publish();
    },
    applyEdits(edits) {
      const doc = view.state.doc;
      const offset = (p: LineCol) => {
        const line = doc.line(Math.max(1, Math.min(p.line, doc.lines)));
        return Math.min(line.from + Math.max(0, p.col - 1), line.to);
      };
      // A user action: it goes through onChange like typing does.
      view.dispatch({
        changes: edits.map((e) => ({ from: offset(e.from), to: offset(e.to), insert: e.insert })),
      });
    },
    goToLine(line) {
      const doc = view.state.doc;
      const target = doc.line(Math.max(1, Math.min(line, doc.lines)));
      view.dispatch({
        selection: EditorSelection.range(target.from, target.to),
        effects: EditorView.scrollIntoView(target.from, { y: 'center' }),
      });
      view.focus();
    },
  };
}

/** The editor shows exactly these diagnostics already (at the same places). */
function sameDiagnostics(state: EditorState, diagnostics: readonly Diagnostic[]): boolean {
  const shown: Diagnostic[] = [];
  forEachDiagnostic(state, (d, from, to) => shown.push({ ...d, from, to }));
  const key = (d: Diagnostic) => `${d.from}:${d.to}:${d.severity}:${d.message}`;
  const a = shown.map(key).sort();
  const b = diagnostics.map(key).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function toDiagnostic(state: EditorState, problem: LineProblem): Diagnostic {
  const doc = state.doc;
  const line = doc.line(Math.max(1, Math.min(problem.line ?? 1, doc.lines)));
  return { from: line.from, to: line.to, severity: problem.severity, message: problem.message };
}
