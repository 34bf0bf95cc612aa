import type {
  AnyOutcome,
  Diagnostic,
  DiagnosticEdit,
  Scenario,
  Simulation,
} from '../../playground/src/index';
import type { PgTabs } from '../components/playground/tabs';
import type { Translator } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { Explain } from '../i18n/translate';
import { modelledTranscript } from './nginx-version';
import { part } from './page-parts';
import type { readRest } from './scenario-text';
import { HeadersView } from './views/headers-view';
import { renderDiagnostics, renderErrorLog } from './views/list-views';
import { localRun } from './views/local-run';
import { OutcomeView } from './views/outcome-view';
import { SequenceView } from './views/sequence-view';
import { TabDeferred } from './views/tab-deferred';
import { TimelineView } from './views/timeline-view';
import { type ReplaySpeed, TranscriptView } from './views/transcript-view';
import type { Verdict } from './views/verdict';
import { VerdictView } from './views/verdict-view';
import { cappedTranscript } from './views/view-limits';

export interface ResultsOptions {
  lang: Lang;
  t: Translator<'playground'>;
  /** Texts of the engine's reason and diagnostic codes, in the page's language. */
  explainReason: Explain;
  explainDiagnostic: Explain;
  setStatus: (message: string) => void;
  /** Shows a config line (a timeline event's, a header's, a diagnostic's). */
  goToLine: (line: number) => void;
  /** Applies a diagnostic's fix to the config. */
  applyFix: (edits: DiagnosticEdit[]) => void;
}

/**
 * The result tabs: transcript, timeline, sequence diagram, headers, error.log, outcome JSON and
 * diagnostics. Each view draws one simulation; only the visible tab's animations and
 * diagrams run.
 */
export class ResultsPanel {
  private readonly transcript: TranscriptView;
  private readonly timeline: TimelineView;
  private readonly sequence: SequenceView;
  private readonly headers: HeadersView;
  private readonly outcome: OutcomeView;
  private readonly errorLog: HTMLElement;
  private readonly diagnosticsHost: HTMLElement;
  private readonly tabs: PgTabs & HTMLElement;
  private readonly timelineHost: HTMLElement;
  private readonly verdict: VerdictView;
  /** Tabs out of sight draw when opened, not on every answer. */
  private readonly drawWhenSeen: TabDeferred;
  /** The terminal is redrawn only when the transcript changed (a comment typed in the config does not). */
  private shownTranscript: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly options: ResultsOptions,
  ) {
    const { t, explainReason, explainDiagnostic, goToLine, applyFix, setStatus } = options;
    this.transcript = new TranscriptView(part(root, 'terminal'), part(root, 'transcript-text'));
    this.timelineHost = part(root, 'timeline');
    this.timeline = new TimelineView(
      this.timelineHost,
      part(root, 'timeline-details'),
      explainReason,
      t,
      goToLine,
      options.lang,
    );
    this.sequence = new SequenceView(part(root, 'sequence'), t);
    this.headers = new HeadersView(part(root, 'headers'), explainReason, t, goToLine);
    this.outcome = new OutcomeView(
      part(root, 'outcome'),
      part<HTMLButtonElement>(root, 'outcome-copy'),
      part<HTMLButtonElement>(root, 'outcome-download'),
      setStatus,
      t,
    );
    this.verdict = new VerdictView(
      part(root, 'verdict'),
      t,
      explainDiagnostic,
      {
        onLine: goToLine,
        onFix: applyFix,
      },
      options.lang,
    );
    this.errorLog = part(root, 'errorlog');
    this.diagnosticsHost = part(root, 'diagnostics');
    this.tabs = part<PgTabs & HTMLElement>(root, 'view-tabs');
    this.drawWhenSeen = new TabDeferred(() => this.selectedTab());
    this.tabs.addEventListener('pg-tab-change', (e) => this.showView((e as CustomEvent<string>).detail));
    this.showView(this.selectedTab());
    for (const button of root.querySelectorAll<HTMLButtonElement>('[data-replay]')) {
      button.addEventListener('click', () => {
        const v = button.dataset.replay;
        this.transcript.replay((v === 'instant' ? 'instant' : Number(v)) as ReplaySpeed);
      });
    }
  }

  /** The result tab the reader has open. */
  selectedTab(): string {
    return this.tabs.selected?.() ?? 'transcript';
  }

  /** The sequence diagram's Mermaid text, if one is drawn. */
  get sequenceSource(): string | null {
    return this.sequence.current;
  }

  /** The drawn timeline, if any. */
  timelineDrawing(): SVGSVGElement | null {
    return this.timelineHost.querySelector('svg');
  }

  /** How the run went, above the tabs. */
  showVerdict(verdict: Verdict, nginxVersion: string): void {
    this.verdict.update(verdict, nginxVersion);
  }

  /** One simulation's results, read with the scenario (its client, as data) that produced them. */
  update(
    sim: Simulation<AnyOutcome>,
    mermaid: string | null,
    diagnostics: readonly Diagnostic[] | null,
    rest: ReturnType<typeof readRest>,
    nginxVersion: string,
  ): void {
    const { t } = this.options;
    const run = localRun(sim, t);
    this.showTranscript(
      modelledTranscript(
        cappedTranscript(run.transcript, t),
        t('version.transcript', { version: nginxVersion }),
      ),
    );
    this.drawWhenSeen.run('timeline', () => this.timeline.update(run.timeline, sim.outcome));
    this.drawWhenSeen.run('sequence', () => this.sequence.update(run.sequence(mermaid)));
    this.drawWhenSeen.run('headers', () => this.headers.update(rest as Pick<Scenario, 'client'> | null, sim));
    renderErrorLog(this.errorLog, sim.errorLog, t);
    this.outcome.update(sim.outcome, nginxVersion);
    this.drawWhenSeen.run('diagnostics', () => this.showDiagnostics(diagnostics));
  }

  /**
   * Nothing was simulated: every view is emptied rather than left showing the last run's
   * result as if it belonged to this scenario (the diagnostics are the caller's to show).
   */
  clear(): void {
    this.showTranscript([]);
    this.timeline.update([]);
    this.sequence.update(null);
    this.headers.update(null, null);
    renderErrorLog(this.errorLog, [], this.options.t);
    this.outcome.update(null);
  }

  /** The diagnostics list; null while the first answer is pending. */
  showDiagnostics(diagnostics: readonly Diagnostic[] | null): void {
    const { lang, t, explainDiagnostic, goToLine, applyFix } = this.options;
    renderDiagnostics(this.diagnosticsHost, diagnostics, lang, t, explainDiagnostic, {
      onLine: goToLine,
      onFix: applyFix,
    });
  }

  private showTranscript(lines: Parameters<TranscriptView['update']>[0]): void {
    const key = JSON.stringify(lines);
    if (key === this.shownTranscript) return;
    this.shownTranscript = key;
    this.transcript.update(lines);
  }

  private showView(id: string): void {
    this.drawWhenSeen.shown(id);
    if (id === 'transcript') this.transcript.show();
    if (id === 'sequence') this.sequence.show();
    else this.sequence.hide();
    if (id === 'timeline') this.timeline.show();
    else this.timeline.hide();
  }
}
