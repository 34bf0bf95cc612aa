import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { type EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { scenarioSchema } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import type { LineProblem } from '../editors';
import { schemaProblems } from './schema-lint';
import { keysAt, type Schema, valuesAt } from './schema-walk';
import { yamlPlace } from './yaml-path';

/**
 * The scenario YAML editor's help from the scenario's JSON Schema: completion of the keys a
 * mapping may have at the cursor (and of values from a fixed set), and the schema's errors as
 * problems on their lines. Loaded with the YAML editor, when its tab first opens.
 */

const SCHEMA = scenarioSchema as unknown as Schema;
/** Checking waits for typing to pause this long (a check of a long scenario takes a few ms). */
const CHECK_PAUSE_MS = 250;

export function scenarioCompletions(context: CompletionContext): CompletionResult | null {
  const place = yamlPlace(context.state.doc.toString(), context.pos);
  if (!place) return null;
  if (place.kind === 'key') {
    if (place.prefix === '' && !context.explicit) return null;
    const top = place.path.length === 0;
    const options: Completion[] = keysAt(SCHEMA, place.path)
      // The config has its own editor.
      .filter((k) => !place.siblings.includes(k.key) && !(top && k.key === 'config'))
      .map((k) => ({
        label: k.key,
        type: 'property',
        apply: `${k.key}:${k.block ? '' : ' '}`,
        ...(k.description ? { info: k.description } : {}),
      }));
    return options.length > 0 ? { from: place.from, options, validFor: /^[\w.-]*$/ } : null;
  }
  const values = valuesAt(SCHEMA, [...place.path, place.key ?? '']);
  if (values.length === 0) return null;
  return {
    from: place.from,
    options: values.map((v) => ({ label: v, type: 'enum' })),
    validFor: /^["']?[\w.-]*["']?$/,
  };
}

export function scenarioAssist(t: Translator<'playground'>, onProblems: (problems: LineProblem[]) => void) {
  const check = ViewPlugin.fromClass(
    class {
      private timer: ReturnType<typeof setTimeout> | null = null;
      constructor(view: EditorView) {
        this.schedule(view);
      }
      update(update: ViewUpdate) {
        if (update.docChanged) this.schedule(update.view);
      }
      schedule(view: EditorView) {
        if (this.timer !== null) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          onProblems(schemaProblems(view.state.doc.toString(), t));
        }, CHECK_PAUSE_MS);
      }
      destroy() {
        if (this.timer !== null) clearTimeout(this.timer);
      }
    },
  );
  return [autocompletion({ override: [scenarioCompletions], icons: false }), check];
}
