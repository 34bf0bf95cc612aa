import { describe, expect, it } from 'vitest';
import { simulate } from '../sim/simulate';
import { MAP, scenario, WS_LOCATION } from '../sim/test-helpers';
import { escapeMermaid, renderMermaid } from './mermaid';
import { renderTranscript } from './transcript';

const sim = simulate(
  scenario(
    `${MAP}server { listen 18080; location /chat/ { proxy_pass http://127.0.0.1:18081;${WS_LOCATION} proxy_read_timeout 2s; } }`,
    {
      steps: [{ at: 0.5, send: 'a;b#c:<d>' }],
      until: 4,
    },
  ),
);

describe('renderTranscript', () => {
  it('shows the request, the 101, frames and how it ended', () => {
    const text = renderTranscript(sim);
    expect(text).toContain('0.000s > GET /chat/ HTTP/1.1');
    expect(text).toContain('< HTTP/1.1 101 Switching Protocols');
    expect(text).toContain('0.500s > [text] "a;b#c:<d>"');
    expect(text).toContain('2.500s * connection closed by nginx without a close frame (1006)');
    expect(text).toContain(
      '[info] upstream timed out (110: Connection timed out) while proxying upgraded connection',
    );
    expect(renderTranscript(sim, { color: true })).toContain('\x1b[36m');
  });
});

describe('renderMermaid', () => {
  it('draws the three participants and one arrow per hop, with escaped labels', () => {
    const text = renderMermaid(sim);
    const lines = text.trim().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'sequenceDiagram',
      '  participant C as Client',
      '  participant N as nginx',
      '  participant B as Backend',
    ]);
    expect(lines).toContain('  C->>N: 0.5s text #quot;a#59;b#35;c#58;#lt;d#gt;#quot;');
    for (const line of lines.slice(4)) {
      expect(line).toMatch(/^ {2}(?:[CNB](?:->>|-->>|--x)[CNB]: |Note over [CNB]: )/);
      const label = line.slice(line.indexOf(': ') + 2).replace(/#\w+;/g, '');
      expect(label).not.toMatch(/[#;:<>"%{}]/);
    }
  });

  it('escapes everything mermaid reads as syntax', () => {
    expect(escapeMermaid('a\nb;c')).toBe('a b#59;c');
  });
});
