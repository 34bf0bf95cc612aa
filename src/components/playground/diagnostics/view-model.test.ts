import { describe, expect, it } from 'vitest';
import { diagnose, parseConfig } from '../../../../playground/src/index';
import en from '../../../i18n/en.json';
import { renderMessage } from '../../../i18n/translate';
import zh from '../../../i18n/zh.json';
import { summaryText, toRows } from './view-model';

const config = 'server {\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n';

describe('<ws-diagnostics> view model', () => {
  const diagnostics = diagnose(parseConfig(config));

  it('shows each diagnostic in the chosen language with its line and a language-prefixed guide link', () => {
    const zhRows = toRows(diagnostics, 'zh');
    const enRows = toRows(diagnostics, 'en', '/base');
    expect(zhRows).toHaveLength(diagnostics.length);
    const first = diagnostics[0]!;
    expect(zhRows[0]!.message).toBe(renderMessage(zh.diagnostic, first.message));
    expect(enRows[0]!.message).toBe(renderMessage(en.diagnostic, first.message));
    expect(zhRows[0]!.message).not.toBe(enRows[0]!.message);
    expect(zhRows[0]!.lineLabel).toBe(`第 ${first.location.line} 行`);
    expect(enRows[0]!.guideHref).toBe(`/base/en${first.guide}`);
    expect(enRows[0]!.fixLabel).toBe(
      first.fix ? `Apply fix: ${renderMessage(en.diagnostic, first.fix.title)}` : null,
    );
  });

  it('counts severities in the summary', () => {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    expect(summaryText(diagnostics, 'en')).toMatch(new RegExp(`^${errors} error`));
    expect(summaryText([], 'zh')).toBe(zh.diagnosticsView['summary.none']);
  });
});
