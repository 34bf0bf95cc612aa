// @ts-check
import { defineEcConfig, pluginFramesTexts } from '@astrojs/starlight/expressive-code';
import { dictionaries } from './src/i18n/dictionaries.mjs';
import { defaultLocale, locales } from './src/i18n/locales.mjs';

/**
 * The language of each code block's own UI (the copy button's tooltip, "Terminal window").
 *
 * Which language: Starlight derives it from the file's place under src/content/docs/; our
 * guides live in content/docs/<locale>/ (see src/content.config.ts), so every block fell
 * back to the default locale. Here: the guide's locale folder, or, for the <Code>
 * component, the first segment of the page's URL.
 *
 * Which texts: namespace `codeBlocks` of src/i18n/<lang>.json. Starlight registers its own
 * before any block renders, and its English has none of these keys, so it registers the
 * default locale's Chinese for English too; setting ours when a block asks for its locale
 * comes after that and wins.
 */
export default defineEcConfig({
  getBlockLocale: ({ file }) => {
    const fromPath = /(?:^|[\\/])content[\\/]docs[\\/]([^\\/]+)[\\/]/.exec(file.path ?? '')?.[1];
    const fromUrl = file.url?.pathname.split('/')[1];
    const found = [fromPath, fromUrl].find((l) => l !== undefined && l in locales) ?? defaultLocale;
    const locale = /** @type {keyof typeof locales} */ (found);
    pluginFramesTexts.overrideTexts(locales[locale].lang, dictionaries[locale].codeBlocks);
    return locales[locale].lang;
  },
});
