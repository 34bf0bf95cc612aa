import { describe, expect, it } from 'vitest';
import {
  codeFence,
  diagramEmbedHeight,
  downloadName,
  iframeSnippet,
  markdownText,
  scenarioEmbedHeight,
  shareMarkdown,
} from './share-codes';

describe('iframeSnippet', () => {
  it('is one iframe with src, size, title, lazy loading and nothing else', () => {
    expect(
      iframeSnippet({
        src: 'https://lab.example/en/embed/scenario/#s=1.ab&view=transcript',
        title: 'A "B" <c>',
        height: 512.4,
      }),
    ).toBe(
      '<iframe src="https://lab.example/en/embed/scenario/#s=1.ab&amp;view=transcript" width="100%" height="512" title="A &quot;B&quot; &lt;c&gt;" loading="lazy" allow="clipboard-write" style="border:0"></iframe>',
    );
  });

  it('keeps the height sensible even when the estimate is not', () => {
    expect(iframeSnippet({ src: 'x', title: 't', height: 5 })).toContain('height="120"');
    expect(iframeSnippet({ src: 'x', title: 't', height: 99999 })).toContain('height="2000"');
    expect(iframeSnippet({ src: 'x', title: 'a\n  b', height: 300 })).toContain('title="a b"');
  });
});

describe('codeFence', () => {
  it('uses three backticks normally and a longer fence than any run inside', () => {
    expect(codeFence('a\nb\n\n', 'nginx')).toBe('```nginx\na\nb\n```');
    expect(codeFence('x ``` y', 'nginx')).toBe('````nginx\nx ``` y\n````');
    expect(codeFence('`````', 'mermaid')).toBe('``````mermaid\n`````\n``````');
  });

  it('a block with backticks inside cannot be closed early (CommonMark rule: closing fence ≥ opening)', () => {
    const config = 'server {\n```\n    return 200 "```";\n}';
    const block = codeFence(config, 'nginx');
    const lines = block.split('\n');
    const fence = (lines[0] ?? '').replace(/nginx$/, '');
    // No line inside is a fence that long: the body comes back intact.
    expect(lines.slice(1, -1).some((l) => l.trim().startsWith(fence))).toBe(false);
    expect(lines.slice(1, -1).join('\n')).toBe(config);
    expect(lines.at(-1)).toBe(fence);
  });
});

describe('shareMarkdown', () => {
  it('title, one line, the fenced config and the permalink', () => {
    expect(
      shareMarkdown({
        title: 'Minimal config',
        line: 'Checked against real nginx 1.22.1',
        code: 'server {\n    listen 80;\n}\n',
        codeLang: 'nginx',
        link: 'https://lab.example/en/playground/#s=1.abc',
        linkText: 'Open in nginx WebSocket Lab',
      }),
    ).toBe(
      '**Minimal config** — Checked against real nginx 1.22.1\n\n```nginx\nserver {\n    listen 80;\n}\n```\n\n[Open in nginx WebSocket Lab](https://lab.example/en/playground/#s=1.abc)\n',
    );
  });

  it('markup in a title stays text; a config with ``` keeps its fence; parentheses do not end the link', () => {
    const md = shareMarkdown({
      title: '**bold** <img src=x onerror=alert(1)> [x](javascript:y) proxy_read_timeout',
      line: null,
      code: 'a ``` b\n````\nc',
      codeLang: 'nginx',
      link: 'https://x/p(1)/#s=1.a',
      linkText: 'Open',
    });
    expect(md.split('\n')[0]).toBe(
      '**\\*\\*bold\\*\\* \\<img src=x onerror=alert(1)\\> \\[x\\](javascript:y) proxy\\_read\\_timeout**',
    );
    expect(md).toContain('\n`````nginx\na ``` b\n````\nc\n`````\n');
    expect(md).toContain('[Open](https://x/p%281%29/#s=1.a)');
  });

  it('leaves the line out when it repeats the title, and escapes & and ~', () => {
    const md = shareMarkdown({
      title: 'A & B',
      line: 'A & B',
      code: 'x',
      codeLang: 'mermaid',
      link: 'u',
      linkText: 'l',
    });
    expect(md.startsWith('**A \\& B**\n\n```mermaid\nx\n```')).toBe(true);
    expect(markdownText('~~x~~')).toBe('\\~\\~x\\~\\~');
  });
});

describe('downloadName', () => {
  it('ASCII slugs from ids or titles, a fallback for titles with no ASCII', () => {
    expect(downloadName('handshake-through-nginx', 'svg')).toBe('nginx-ws-lab-handshake-through-nginx.svg');
    expect(downloadName('Timeline: Canonical map (101)!', 'png')).toBe(
      'nginx-ws-lab-timeline-canonical-map-101.png',
    );
    expect(downloadName('最小配置', 'svg', 'timeline')).toBe('nginx-ws-lab-timeline.svg');
    expect(downloadName('', 'png', '')).toBe('nginx-ws-lab-diagram.png');
    expect(downloadName('x'.repeat(200), 'svg')).toBe(`nginx-ws-lab-${'x'.repeat(60)}.svg`);
  });
});

describe('embed heights', () => {
  it('grow with the content and stop growing where the embed scrolls', () => {
    expect(scenarioEmbedHeight('a\nb')).toBeLessThan(scenarioEmbedHeight('a\nb\nc\nd\ne\nf'));
    expect(scenarioEmbedHeight('a\n'.repeat(40))).toBe(scenarioEmbedHeight('a\n'.repeat(80)));
    expect(diagramEmbedHeight(400, 300)).toBe(410);
    expect(diagramEmbedHeight(1520, 600)).toBe(410);
    expect(diagramEmbedHeight(0, 0)).toBe(480);
  });
});

describe('invisible and bidi control characters (review F8)', () => {
  const title = 'Chat \u202Eevil\u202C proxy\u200B';
  it('are stripped from iframe titles and Markdown text, and written out in the code block', () => {
    const iframe = iframeSnippet({ src: 'https://lab.example/en/embed/scenario/#s=1.x', title, height: 400 });
    expect(iframe).toContain('title="Chat evil proxy"');
    expect(iframe).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
    const md = shareMarkdown({
      title,
      code: 'proxy_set_header Conn\u200Bection "upgrade";',
      codeLang: 'nginx',
      link: 'https://lab.example/en/playground/#s=1.x',
      linkText: 'Open \u2066it\u2069',
    });
    expect(md).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
    expect(md).toContain('**Chat evil proxy**');
    expect(md).toContain('proxy_set_header Conn⟨U+200B⟩ection "upgrade";');
    expect(md).toContain('[Open it](');
  });
});
