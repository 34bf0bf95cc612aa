import type en from './en.json';
import type { Lang } from './languages';

/** See dictionaries.mjs. */
export declare const dictionaries: Record<Lang, typeof en>;
