import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../../playground/src/index';
import { defaultBackend, renderMermaid as engineMermaid, simulate } from '../../playground/src/index';

/**
 * Mermaid turns diagram text into markup; with `securityLevel: 'strict'` it sanitises labels
 * and refuses click handlers. Every initialisation must say so, and the diagram text the
 * engine writes must not let scenario data escape a label (HTML, `%%{init}%%` directives).
 */

const ROOT = join(import.meta.dirname, '../..');

const initialised = vi.hoisted(() => [] as unknown[]);
vi.mock('mermaid', () => ({
  default: {
    initialize: (config: unknown) => initialised.push(config),
    render: async () => ({ svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }),
  },
}));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|mjs|astro)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The argument text of every `.initialize(…)` call, with its file and line. */
function initializeCalls(): Array<{ where: string; args: string }> {
  const calls: Array<{ where: string; args: string }> = [];
  for (const path of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'playground'))]) {
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/\.initialize\(/g)) {
      let depth = 1;
      let i = m.index + m[0].length;
      for (; i < text.length && depth > 0; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')') depth--;
      }
      const line = text.slice(0, m.index).split('\n').length;
      const code = (text.split('\n')[line - 1] ?? '').trim();
      if (code.startsWith('*') || code.startsWith('//')) continue;
      calls.push({
        where: `${relative(ROOT, path)}:${line}`,
        args: text.slice(m.index + m[0].length, i - 1),
      });
    }
  }
  return calls;
}

describe("security: mermaid runs with securityLevel 'strict'", () => {
  it('every mermaid.initialize call in src and playground passes it', () => {
    const calls = initializeCalls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.args, call.where).toMatch(/securityLevel:\s*'strict'/);
  });

  it('nothing lowers it, auto-starts mermaid on page markup or uses the old init API', () => {
    for (const path of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'playground'))]) {
      const text = readFileSync(path, 'utf8');
      const where = relative(ROOT, path);
      expect(text, where).not.toMatch(/securityLevel:\s*['"](?:loose|antiscript|sandbox)/);
      expect(text, where).not.toMatch(/startOnLoad:\s*true/);
      expect(text, where).not.toMatch(/mermaid\.(?:init|run|contentLoaded)\(/);
    }
  });

  it('the shared renderer initialises mermaid strict on every render (checked at run time)', async () => {
    const { renderMermaid } = await import('../../src/components/share/diagram-render');
    await renderMermaid('sequenceDiagram\n  A->>B: hi', { theme: 'dark' });
    await renderMermaid('sequenceDiagram\n  A->>B: hi', { theme: 'default', htmlLabels: false });
    expect(initialised).toHaveLength(2);
    for (const config of initialised)
      expect(config).toMatchObject({ securityLevel: 'strict', startOnLoad: false });
  });
});

describe('security: scenario text cannot escape a diagram label', () => {
  const hostile = fc.oneof(
    fc.constantFrom(
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '%%{init: {"securityLevel": "loose"}}%%',
      'x\n%%{init: {"theme": "forest"}}%%\nA->>B: y',
      'click A call alert(1)',
      '#quot;#59;',
      '"; }}%% <b>',
    ),
    fc.string({
      unit: fc.constantFrom('<', '>', '%', '{', '}', '"', "'", ';', ':', '#', '\n', 'a', ' '),
      maxLength: 30,
    }),
  );

  it('header names and values, frame text and the request path come out escaped', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (name, value, frame) => {
        const scenario: Scenario = {
          title: value,
          config:
            'events {}\nhttp {\n  server {\n    listen 18080;\n    location / { proxy_pass http://127.0.0.1:18081; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection upgrade; }\n  }\n}\n',
          backends: { '127.0.0.1:18081': defaultBackend() },
          client: {
            request: {
              method: 'GET',
              path: `/${encodeURIComponent(value)}`,
              http_version: '1.1',
              headers: [
                ['Host', 'a'],
                ['Upgrade', 'websocket'],
                ['Connection', 'Upgrade'],
                ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
                ['Sec-WebSocket-Version', '13'],
                [name.replace(/[\s:]/g, '') || 'X', value],
              ],
            },
            steps: [{ at: 0.5, send: frame }],
            until: 2,
          },
        };
        const diagram = engineMermaid(simulate(scenario));
        const lines = diagram.split('\n');
        // Only the engine's own header lines start a line; labels stay on theirs.
        expect(lines[0]).toBe('sequenceDiagram');
        for (const line of lines.slice(1)) {
          expect(line).not.toMatch(/^\s*(?:%%|click\b)/);
          const colon = line.indexOf(': ');
          const label = colon >= 0 ? line.slice(colon + 2) : '';
          expect(label).not.toMatch(/[<>]|%%|[{}]/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
