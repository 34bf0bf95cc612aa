/**
 * The modules vite-plugin.mjs serves: one per namespace of the dictionaries, typed from
 * en.json (tests/unit/i18n.test.ts keeps every language's keys the same).
 */
type I18nNamespace<N extends keyof typeof import('./en.json')> = Readonly<
  Record<import('./languages').Lang, Readonly<typeof import('./en.json')[N]>>
>;

declare module 'virtual:i18n/site' {
  const table: I18nNamespace<'site'>;
  export default table;
}
declare module 'virtual:i18n/playground' {
  const table: I18nNamespace<'playground'>;
  export default table;
}
declare module 'virtual:i18n/exercises' {
  const table: I18nNamespace<'exercises'>;
  export default table;
}
declare module 'virtual:i18n/embed' {
  const table: I18nNamespace<'embed'>;
  export default table;
}
declare module 'virtual:i18n/embedDialog' {
  const table: I18nNamespace<'embedDialog'>;
  export default table;
}
declare module 'virtual:i18n/share' {
  const table: I18nNamespace<'share'>;
  export default table;
}
declare module 'virtual:i18n/guides' {
  const table: I18nNamespace<'guides'>;
  export default table;
}
declare module 'virtual:i18n/reason' {
  const table: I18nNamespace<'reason'>;
  export default table;
}
declare module 'virtual:i18n/diagnostic' {
  const table: I18nNamespace<'diagnostic'>;
  export default table;
}
declare module 'virtual:i18n/goal' {
  const table: I18nNamespace<'goal'>;
  export default table;
}
declare module 'virtual:i18n/codeBlocks' {
  const table: I18nNamespace<'codeBlocks'>;
  export default table;
}
declare module 'virtual:i18n/directive' {
  const table: I18nNamespace<'directive'>;
  export default table;
}
