/**
 * The CLI's words: the engine's message codes rendered from the site's dictionaries (plain
 * JSON, read here without the site), English unless the environment or `--lang` asks for
 * another site language.
 */

import { dictionaries } from '../../src/i18n/dictionaries.mjs';
import { isLang, type Lang, languages } from '../../src/i18n/languages';
import { renderMessage } from '../../src/i18n/translate';
import type { Message, MessageNamespace } from '../src/index';

export { isLang, type Lang, languages };

/** The language LC_ALL / LC_MESSAGES / LANG name (`zh_CN.UTF-8` → zh), English otherwise. */
export function envLang(env: NodeJS.ProcessEnv): Lang {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const primary = tag.toLowerCase().split(/[-_.@]/)[0];
  return isLang(primary) ? primary : 'en';
}

/** One engine message (a code of `messageCodes[namespace]`) in one language. */
export function say(lang: Lang, namespace: MessageNamespace, message: Message): string {
  const table: Readonly<Record<string, string>> = dictionaries[lang][namespace];
  return renderMessage(table, message);
}

/** One engine message in every site language, for machine-readable output: `{ zh, en }`. */
export function inEveryLanguage(namespace: MessageNamespace, message: Message): Record<Lang, string> {
  return Object.fromEntries(languages.map((l) => [l, say(l, namespace, message)])) as Record<Lang, string>;
}
