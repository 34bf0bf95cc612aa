import type { Translate } from '../strings';

/** error.log lines, as text. */
export function renderErrorLog(host: HTMLElement, lines: readonly string[], t: Translate): void {
  host.textContent = lines.length ? lines.join('\n') : t('errorlog.empty');
}

interface DiagnosticLike {
  message?: unknown;
  title?: unknown;
  code?: unknown;
  line?: unknown;
  severity?: unknown;
}

/**
 * The diagnostics slot. `diagnose()` is not written yet, so this accepts any list of objects
 * with a message (or title/code) and an optional line, and shows a note when there is none.
 */
export function renderDiagnostics(
  host: HTMLElement,
  diagnostics: unknown,
  available: boolean,
  t: Translate,
  onLine: (line: number) => void,
): void {
  const list = Array.isArray(diagnostics)
    ? diagnostics
    : diagnostics &&
        typeof diagnostics === 'object' &&
        Array.isArray((diagnostics as { items?: unknown }).items)
      ? ((diagnostics as { items: unknown[] }).items as unknown[])
      : null;
  if (!available || list === null) {
    const p = document.createElement('p');
    p.textContent = t('diagnostics.pending');
    host.replaceChildren(p);
    return;
  }
  if (list.length === 0) {
    const p = document.createElement('p');
    p.textContent = t('diagnostics.none');
    host.replaceChildren(p);
    return;
  }
  const ul = document.createElement('ul');
  for (const raw of list as DiagnosticLike[]) {
    const li = document.createElement('li');
    const text =
      [raw?.message, raw?.title, raw?.code].find((v) => typeof v === 'string') ?? JSON.stringify(raw);
    li.textContent = String(text);
    if (typeof raw?.severity === 'string') li.dataset.severity = raw.severity;
    if (typeof raw?.line === 'number') {
      const line = raw.line;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'pg-linkish';
      b.textContent = t('lint.line', { line });
      b.addEventListener('click', () => onLine(line));
      li.prepend(b, ' ');
    }
    ul.append(li);
  }
  host.replaceChildren(ul);
}
