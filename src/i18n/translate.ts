import type { Message } from '../../playground/src/index';

/**
 * One way to turn a dictionary entry into text, for the site and the CLI alike: `{name}`
 * placeholders are filled from the parameters. Framework-free: the CLI imports it too.
 */

export type Params = Record<string, string | number>;
export type Table = Readonly<Record<string, string>>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/** Fills `{name}` placeholders; unknown placeholders stay visible so mistakes show. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** `t(key, params)` over one namespace of one language's dictionary (see catalog.ts). */
export function translator<T extends Table>(table: T): Translate<keyof T & string> {
  return (key, params) => fill(table[key] ?? key, params);
}

/**
 * The text of an engine message (a code with parameters) from the namespace that holds its
 * code: nested messages come from the same namespace, lists are joined with its
 * `list-separator`. A code without text shows as `code (k=v, …)` rather than disappearing.
 */
export function renderMessage(table: Table, message: Message): string {
  const params: Params = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    params[name] =
      typeof value === 'object'
        ? Array.isArray(value)
          ? value.join(table['list-separator'] ?? ', ')
          : renderMessage(table, value as Message)
        : value;
  }
  const template = table[message.code];
  if (template !== undefined) return fill(template, params);
  const extra = Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return extra ? `${message.code} (${extra})` : message.code;
}

/** Renders engine messages of one namespace in one language (see `renderMessage`). */
export type Explain = (message: Message) => string;

export function explainer(table: Table): Explain {
  return (message) => renderMessage(table, message);
}
