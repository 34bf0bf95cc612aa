import type { Diagnostic } from '../../../../playground/src/index';
import { type DiagLang, diagText, severityIcons } from './strings';

/**
 * What one row of `<ws-diagnostics>` shows, computed without the DOM so it can be unit
 * tested in Node. Text only: the element puts it into the page with textContent.
 */
export interface DiagnosticRow {
  index: number;
  severity: Diagnostic['severity'];
  icon: string;
  severityLabel: string;
  id: string;
  message: string;
  explanation: string;
  line: number;
  col: number;
  lineLabel: string;
  gotoLabel: string;
  guideHref: string;
  fixLabel: string | null;
}

export function summaryText(diagnostics: readonly Diagnostic[], lang: DiagLang): string {
  if (diagnostics.length === 0) return diagText(lang, 'summary.none');
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  return diagText(lang, 'summary.counts', {
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
  });
}

/** `guideBase` is the site's base path (no trailing slash), e.g. '' or '/docs'. */
export function toRows(diagnostics: readonly Diagnostic[], lang: DiagLang, guideBase = ''): DiagnosticRow[] {
  return diagnostics.map((d, index) => ({
    index,
    severity: d.severity,
    icon: severityIcons[d.severity],
    severityLabel: diagText(lang, `severity.${d.severity}`),
    id: d.id,
    message: d.message[lang],
    explanation: d.explanation[lang],
    line: d.location.line,
    col: d.location.col,
    lineLabel: diagText(lang, 'location.line', { line: d.location.line }),
    gotoLabel: diagText(lang, 'location.goto', { line: d.location.line }),
    guideHref: `${guideBase}/${lang}${d.guide}`,
    fixLabel: d.fix ? diagText(lang, 'fix.apply', { title: d.fix.title[lang] }) : null,
  }));
}
