/**
 * What the engine tells a person, as a code and parameters. The engine holds no prose in any
 * language: the site and the CLI look each code up in their dictionary (src/i18n/<lang>.json,
 * namespace named by the table the code belongs to) and fill in the parameters.
 */

/** A parameter: a value shown as is, a nested message (same namespace), or a list joined per language. */
export type MessageParam = string | number | Message | readonly string[];

export interface Message {
  code: string;
  params?: Record<string, MessageParam>;
}

/** A table of codes, each with the names of the parameters its text uses. */
export type CodeTable = Readonly<Record<string, readonly string[]>>;

type ParamsOf<T extends CodeTable, C extends keyof T> = { [P in T[C][number]]: MessageParam };

/** A constructor for the messages of one table. */
export function messages<T extends CodeTable>(
  _table: T,
): <C extends keyof T & string>(
  code: C,
  ...params: T[C]['length'] extends 0 ? [] : [ParamsOf<T, C>]
) => Message {
  return (code, ...params) => (params[0] ? { code, params: params[0] } : { code });
}
