import type { Diagnostic, DiagnosticEdit } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import { counted } from '../../i18n/plural';
import type { Explain } from '../../i18n/translate';
import type { Verdict } from './verdict';

export interface VerdictActions {
  onLine: (line: number) => void;
  onFix: (edits: DiagnosticEdit[]) => void;
}

/**
 * The verdict banner above the result views: always in sight after an edit, it says whether
 * the upgrade worked and, when it did not, why — for a rejected config with the line, nginx's
 * message, our hint and the diagnostic that explains it (with its fix as a button).
 */
export class VerdictView {
  constructor(
    private readonly host: HTMLElement,
    private readonly t: Translator<'playground'>,
    private readonly explain: Explain,
    private readonly actions: VerdictActions,
    private readonly lang: Lang,
  ) {}

  /** `nginxVersion`: the version the run modelled, named on the banner (none while pending). */
  update(verdict: Verdict, nginxVersion?: string): void {
    const { t } = this;
    this.host.dataset.kind = verdict.kind;
    const head = document.createElement('p');
    head.className = 'pg-verdict__head';
    const body: HTMLElement[] = [];
    head.textContent = verdictHeadline(verdict, t, this.lang);
    switch (verdict.kind) {
      case 'config': {
        const list = document.createElement('ul');
        for (const error of verdict.errors.slice(0, 3)) {
          const li = document.createElement('li');
          if (error.line !== null) li.append(this.lineButton(error.line), ' ');
          const message = document.createElement('code');
          message.textContent = error.error;
          li.append(message);
          if (error.hint) li.append(paragraph(error.hint));
          list.append(li);
        }
        body.push(list);
        if (verdict.diagnostic) body.push(this.diagnostic(verdict.diagnostic));
        break;
      }
      case 'failed':
      case 'no-response':
        body.push(...this.cause(verdict.because, verdict.logLine));
        break;
    }
    if (nginxVersion && verdict.kind !== 'pending') {
      const version = document.createElement('span');
      version.className = 'pg-verdict__version';
      version.dataset.testid = 'verdict-version';
      version.textContent = verdictVersionLabel(t, nginxVersion);
      head.prepend(version, ' ');
      this.host.dataset.nginxVersion = nginxVersion;
    } else delete this.host.dataset.nginxVersion;
    this.host.replaceChildren(head, ...body);
  }

  private cause(because: Diagnostic | null, logLine: string | null): HTMLElement[] {
    if (because) return [this.diagnostic(because)];
    return logLine ? [paragraph(this.t('verdict.log', { line: logLine }))] : [];
  }

  private lineButton(line: number): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pg-linkish';
    button.textContent = this.t('lint.line', { line });
    button.addEventListener('click', () => this.actions.onLine(line));
    return button;
  }

  /** A diagnostic's message, explanation and fix, as the Diagnostics tab shows it. */
  private diagnostic(d: Diagnostic): HTMLElement {
    const box = document.createElement('div');
    box.className = 'pg-verdict__cause';
    box.dataset.rule = d.id;
    const head = document.createElement('p');
    const label = document.createElement('strong');
    label.textContent = this.t('verdict.because', { message: this.explain(d.message) });
    head.append(this.lineButton(d.location.line), ' ', label);
    box.append(head, paragraph(this.explain(d.explanation)));
    const fix = d.fix;
    if (fix?.edits.every((e) => e.file === d.location.file)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = this.t('diagnostics.fix', { title: this.explain(fix.title) });
      button.addEventListener('click', () => this.actions.onFix(fix.edits));
      box.append(button);
    }
    return box;
  }
}

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

/**
 * The banner's first line, text only: the page draws it after each answer, and the build draws
 * the default scenario's into the HTML (Playground.astro), so the page's largest text paints
 * with the HTML instead of after the worker's first answer.
 */
export function verdictHeadline(verdict: Verdict, t: Translator<'playground'>, lang: Lang): string {
  switch (verdict.kind) {
    case 'pending':
      return t('verdict.pending');
    case 'empty':
      return t('verdict.empty');
    case 'scenario':
      return t('verdict.scenario', { message: verdict.message });
    case 'config':
      return t('verdict.config');
    case 'upgraded': {
      const end = verdict.end;
      if (!end || end.reason === 'until') {
        const at = end?.at ?? verdict.until;
        return at === null || at === undefined
          ? t('verdict.upgraded')
          : t('verdict.upgraded.open', { at: seconds(at) });
      }
      return t('verdict.upgraded.closed', {
        at: seconds(end.at),
        by: t(`verdict.by.${end.by}`),
        reason: endReason(end.reason, t),
      });
    }
    case 'failed':
      return t('verdict.failed', { status: verdict.status, who: t(`verdict.who.${verdict.answeredBy}`) });
    case 'http':
      return t('verdict.http', { status: verdict.status, who: t(`verdict.who.${verdict.answeredBy}`) });
    case 'no-response':
      return t('verdict.noResponse', { reason: verdict.reason ? endReason(verdict.reason, t) : '?' });
    case 'clients':
      return t('verdict.clients', {
        clients: counted(t, lang, 'count.clients', verdict.clients),
        answered: verdict.answered,
        requests: counted(t, lang, 'count.requests', verdict.requests),
        tunnels: counted(t, lang, 'count.tunnels', verdict.tunnels),
      });
  }
}

/** The tag before the headline naming the nginx version the run modelled. */
export function verdictVersionLabel(t: Translator<'playground'>, nginxVersion: string): string {
  return t('version.modelled', { version: nginxVersion });
}

function endReason(reason: string, t: Translator<'playground'>): string {
  const frame = /^close frame (\d+)/.exec(reason);
  if (frame) return t('verdict.end.closeFrame', { code: frame[1] ?? '' });
  if (reason === 'connection closed without a close frame') return t('verdict.end.noCloseFrame');
  if (/_timeout$/.test(reason)) return t('verdict.end.timeout', { directive: reason });
  return reason;
}

function seconds(at: number): string {
  return String(Math.round(at * 1000) / 1000);
}
