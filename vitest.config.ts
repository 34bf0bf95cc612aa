import { defineConfig } from 'vitest/config';
import { i18nNamespaces } from './src/i18n/vite-plugin.mjs';

export default defineConfig({
  // Site code imports the dictionaries' namespaces as modules (src/i18n/catalog.ts).
  plugins: [i18nNamespaces()],
  test: {
    include: ['playground/**/*.test.ts', 'src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
  },
});
