/**
 * Every scenario file's text, read at build time. Vite inlines them, so the site never
 * reads the file system at runtime and a new scenario is picked up without a restart.
 */
export const scenarioFiles = import.meta.glob<string>('/content/scenarios/**/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
