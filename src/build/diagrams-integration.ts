import type { AstroIntegration } from 'astro';
import { finishDrawing } from './mermaid-prerender';

/**
 * Closes the browser the build drew the guide diagrams in (mermaid-prerender.ts) and puts one
 * line in the build log: how many drawings came from the cache, how many were drawn, or why
 * none could be.
 */
export function prerenderedDiagrams(): AstroIntegration {
  return {
    name: 'nginx-ws-lab:prerendered-diagrams',
    hooks: {
      'astro:build:done': async ({ logger }) => {
        const line = await finishDrawing();
        if (line) logger.info(line);
      },
      'astro:server:done': async () => {
        await finishDrawing();
      },
    },
  };
}
