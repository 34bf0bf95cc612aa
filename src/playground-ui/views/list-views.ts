import type { Diagnostic, DiagnosticEdit } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import type { Explain } from '../../i18n/translate';
import { cappedText } from './view-limits';

/** error.log lines, as text. */
export function renderErrorLog(
  host: HTMLElement,
  lines: readonly string[],
  t: Translator<'playground'>,
): void {
  host.textContent = lines.length ? cappedText(lines, t) : t('errorlog.empty');
}

/**
 * The diagnostics panel: what the engine's rules found, each with its line, an explanation,
 * a link to the guide that covers it and, when the rule has one, a one-click fix.
 */
export function renderDiagnostics(
  host: HTMLElement,
  diagnostics: readonly Diagnostic[] | null,
  lang: Lang,
  t: Translator<'playground'>,
  explain: Explain,
  actions: { onLine: (line: number) => void; onFix: (edits: DiagnosticEdit[]) => void },
): void {
  if (diagnostics === null) {
    const p = document.createElement('p');
    p.textContent = t('diagnostics.pending');
    host.replaceChildren(p);
    return;
  }
  if (diagnostics.length === 0) {
    const p = document.createElement('p');
    p.textContent = t('diagnostics.none');
    host.replaceChildren(p);
    return;
  }
  const ul = document.createElement('ul');
  ul.className = 'pg-diagnostics';
  for (const d of diagnostics) {
    const li = document.createElement('li');
    li.dataset.severity = d.severity;
    li.dataset.rule = d.id;
    const head = document.createElement('p');
    const badge = document.createElement('span');
    badge.className = `pg-badge pg-badge-${d.severity}`;
    badge.textContent = t(`diagnostics.${d.severity}`);
    const line = document.createElement('button');
    line.type = 'button';
    line.className = 'pg-linkish';
    line.textContent = t('lint.line', { line: d.location.line });
    line.addEventListener('click', () => actions.onLine(d.location.line));
    const message = document.createElement('strong');
    message.textContent = explain(d.message);
    head.append(badge, ' ', line, ' ', message);
    const explanation = document.createElement('p');
    explanation.textContent = explain(d.explanation);
    li.append(head, explanation);
    const row = document.createElement('p');
    row.className = 'pg-row';
    const fix = d.fix;
    if (fix?.edits.every((e) => e.file === d.location.file)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t('diagnostics.fix', { title: explain(fix.title) });
      button.addEventListener('click', () => actions.onFix(fix.edits));
      row.append(button);
    }
    if (d.guide.startsWith('/')) {
      const a = document.createElement('a');
      a.href = `/${lang}${d.guide}`;
      a.textContent = t('diagnostics.guide');
      row.append(a);
    }
    if (row.childNodes.length) li.append(row);
    ul.append(li);
  }
  host.replaceChildren(ul);
}
