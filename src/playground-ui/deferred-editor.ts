import type { Editor, EditorOptions, LineCol, LineProblem } from './editors';

/**
 * An editor whose CodeMirror is loaded and built only when `mount()` is called: the page
 * can paint and start its first simulation before the ~120 KB editor chunk runs, and a
 * hidden editor (the scenario YAML) costs nothing until its tab is opened. Until then it
 * keeps the text and the problems, and hands them over when it mounts.
 */
export class DeferredEditor {
  private editor: Editor | null = null;
  private mounting: Promise<Editor | null> | null = null;
  private doc: string;
  private problems: LineProblem[] = [];
  private destroyed = false;

  constructor(private readonly options: EditorOptions) {
    this.doc = options.doc;
  }

  /** Loads CodeMirror (once) and builds the editor; resolves to null if destroyed meanwhile. */
  mount(): Promise<Editor | null> {
    this.mounting ??= (async () => {
      // The page paints first: with the chunk at hand (a fast link, the offline cache) its
      // evaluation ran before the first frame, so the server-rendered text and verdict
      // waited for CodeMirror to appear.
      await afterNextPaint();
      const { createEditor } = await import('./editors');
      // Evaluating the chunk is one long task already: build the editor in the next one.
      await yieldToMain();
      if (this.destroyed) return null;
      const editor = createEditor({
        ...this.options,
        doc: this.doc,
        problems: this.problems,
        onChange: (text) => {
          this.doc = text;
          this.options.onChange(text);
        },
      });
      this.editor = editor;
      return editor;
    })();
    return this.mounting;
  }

  get mounted(): boolean {
    return this.editor !== null;
  }

  text(): string {
    return this.doc;
  }

  setText(text: string): void {
    this.doc = text;
    this.editor?.setText(text);
  }

  setProblems(problems: LineProblem[]): void {
    this.problems = problems;
    this.editor?.setProblems(problems);
  }

  goToLine(line: number): void {
    void this.mount().then((editor) => editor?.goToLine(line));
  }

  applyEdits(edits: ReadonlyArray<{ from: LineCol; to: LineCol; insert: string }>): void {
    void this.mount().then((editor) => editor?.applyEdits(edits));
  }

  destroy(): void {
    this.destroyed = true;
    this.editor?.view.destroy();
  }
}

/**
 * Resolves in the task after the browser's next frame. A hidden tab paints nothing, so there it
 * resolves at once (and a tab hidden meanwhile goes on when it is shown).
 */
function afterNextPaint(): Promise<void> {
  if (document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** Ends the current task so input and painting can happen before the next step. */
function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
