import type { Diagnostic } from '../../../../playground/src/index';
import { diagnostic, diagnosticsView } from '../../../i18n/catalog';
import type { Lang } from '../../../i18n/languages';
import { renderMessage, translator } from '../../../i18n/translate';

export const severityIcons = { error: '✖', warning: '▲', info: 'ℹ' } as const;

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

export function summaryText(diagnostics: readonly Diagnostic[], lang: Lang): string {
  const t = translator(diagnosticsView[lang]);
  if (diagnostics.length === 0) return t('summary.none');
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  return t('summary.counts', {
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
  });
}

/** `guideBase` is the site's base path (no trailing slash), e.g. '' or '/docs'. */
export function toRows(diagnostics: readonly Diagnostic[], lang: Lang, guideBase = ''): DiagnosticRow[] {
  const t = translator(diagnosticsView[lang]);
  const text = (m: Diagnostic['message']) => renderMessage(diagnostic[lang], m);
  return diagnostics.map((d, index) => ({
    index,
    severity: d.severity,
    icon: severityIcons[d.severity],
    severityLabel: t(`severity.${d.severity}`),
    id: d.id,
    message: text(d.message),
    explanation: text(d.explanation),
    line: d.location.line,
    col: d.location.col,
    lineLabel: t('location.line', { line: d.location.line }),
    gotoLabel: t('location.goto', { line: d.location.line }),
    guideHref: `${guideBase}/${lang}${d.guide}`,
    fixLabel: d.fix ? t('fix.apply', { title: text(d.fix.title) }) : null,
  }));
}
