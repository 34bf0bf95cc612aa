import directive from 'virtual:i18n/directive';
import type { ContextName } from '../../../playground/src/index';
import type { Lang } from '../../i18n/languages';
import { type DirectiveHelp, directiveHelp } from './lookup';

/**
 * The directive help's data (nginx.org's reference facts and the one-line explanations of both
 * languages, ~24 KB gzip): a chunk of its own, imported on the first hover, so the playground's
 * first load does not carry it (the e2e test checks that the chunk arrives only with the
 * first hover).
 */
export function helpFor(name: string, context: ContextName | null, lang: Lang): DirectiveHelp | null {
  return directiveHelp(name, context, directive[lang]);
}
