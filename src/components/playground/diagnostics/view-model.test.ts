import { describe, expect, it } from 'vitest';
import { diagnose, parseConfig } from '../../../../playground/src/index';
import { diagText, toDiagLang } from './strings';
import { summaryText, toRows } from './view-model';

const config = 'server {\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n';

describe('<ws-diagnostics> view model', () => {
  const diagnostics = diagnose(parseConfig(config));

  it('shows each diagnostic in the chosen language with its line and a language-prefixed guide link', () => {
    const zh = toRows(diagnostics, 'zh');
    const en = toRows(diagnostics, 'en', '/base');
    expect(zh).toHaveLength(diagnostics.length);
    const first = diagnostics[0]!;
    expect(zh[0]!.message).toBe(first.message.zh);
    expect(en[0]!.message).toBe(first.message.en);
    expect(zh[0]!.lineLabel).toBe(`第 ${first.location.line} 行`);
    expect(en[0]!.guideHref).toBe(`/base/en${first.guide}`);
    expect(en[0]!.fixLabel).toBe(first.fix ? `Apply fix: ${first.fix.title.en}` : null);
  });

  it('counts severities in the summary', () => {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    expect(summaryText(diagnostics, 'en')).toMatch(new RegExp(`^${errors} error`));
    expect(summaryText([], 'zh')).toBe(diagText('zh', 'summary.none'));
  });

  it('maps page language tags to zh or en', () => {
    expect(toDiagLang('zh-CN')).toBe('zh');
    expect(toDiagLang('en')).toBe('en');
    expect(toDiagLang(null)).toBe('en');
  });
});
