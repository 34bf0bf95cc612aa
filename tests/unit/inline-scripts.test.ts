import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanInlineScripts } from '../../deploy/lib/inline-scripts.mjs';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

describe('scanInlineScripts (the CSP hashes of a built page)', () => {
  it('hashes executable inline scripts only, as the browser sees their text', () => {
    const html = [
      '<script>a()</script>',
      '<script type="module">b()\r\n</script>',
      '<script type="application/json">{"c":1}</script>',
      '<script src="/x.js"></script>',
    ].join('\n');
    expect(scanInlineScripts(html, 'page.html')).toEqual({
      hashes: [sha('a()'), sha('b()\n')],
      problems: [],
    });
  });

  it('names the file and line of an inline handler and of a javascript: URL', () => {
    const html = [
      '<p>',
      '<button onclick="go()">go</button>',
      '<script>x</script>',
      '<a href="java\tscript:y">y</a>',
    ].join('\n');
    const { problems } = scanInlineScripts(html, 'dist/en/page/index.html');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^dist\/en\/page\/index\.html:2: <button onclick=…> is an inline event handler/,
    );
    expect(problems[1]).toMatch(
      /^dist\/en\/page\/index\.html:4: <a href="javascript:…"> is blocked by the CSP/,
    );
  });

  it('counts lines past a script, whose own tags are not read as markup', () => {
    const html = ['<script>', 'const s = "<b onclick=1>";', '</script>', '', '<div onload="z()"></div>'].join(
      '\n',
    );
    const { problems } = scanInlineScripts(html, 'p.html');
    expect(problems).toEqual([expect.stringMatching(/^p\.html:5: <div onload=…>/)]);
  });
});
