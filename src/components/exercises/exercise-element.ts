import type {
  AnyOutcome,
  ExerciseCheck,
  GoalResult,
  RunReport,
  Simulation,
} from '../../../playground/src/index';
import { exceedsBytes, formatBytes, MAX_CONFIG_BYTES, utf8Bytes } from '../../../playground/src/index';
import { exercises, goal } from '../../i18n/catalog';
import { type Lang, pageLang } from '../../i18n/languages';
import { counted } from '../../i18n/plural';
import { explainer, translator } from '../../i18n/translate';
import { createEditor, type Editor } from '../../playground-ui/editors';
import { withVersion } from '../../playground-ui/nginx-version';
import { regexTimeoutParams } from '../../playground-ui/watchdog-worker';
import { CheckClient, type CheckOutcome, type WorkerLike } from './check-client';
import { browserStorage, confirmDialog, el, readIsland } from './dom';
import {
  entryOf,
  loadProgress,
  readProgress,
  recordCheck,
  recordDraft,
  recordHint,
  recordSolutionShown,
  saveProgress,
} from './progress';
import { progressNotice, showProgressNotice } from './progress-notice';

/** What the page embeds for the element (see Exercise.astro). */
interface ExerciseIsland {
  id: string;
  text: string;
  start: string;
  evidence: 'transcript' | 'error_log' | null;
}

const createWorker = (): WorkerLike =>
  new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

function transcriptText(sim: Simulation): string {
  return sim.transcript.map((l) => `${l.at.toFixed(1).padStart(5)}s ${l.dir} ${l.text}`).join('\n');
}

/** `<ws-exercise>`: editor, check, results, hints and solution of one exercise page. */
class WsExercise extends HTMLElement {
  private locale: Lang = pageLang();
  private t = translator(exercises[this.locale]);
  private goalText = explainer(goal[this.locale]);
  private data: ExerciseIsland | null = null;
  private editor: Editor | null = null;
  private checks: CheckClient | null = null;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;

  connectedCallback(): void {
    if (this.data) return;
    this.locale = pageLang(this.dataset.lang);
    this.t = translator(exercises[this.locale]);
    this.goalText = explainer(goal[this.locale]);
    this.data = readIsland<ExerciseIsland>(this, 'exercise');
    if (!this.data) return;
    const loaded = readProgress(browserStorage());
    const entry = entryOf(loaded.progress, this.data.id);
    showProgressNotice(this, progressNotice(loaded, this.t, this.data.id));

    const host = this.querySelector<HTMLElement>('[data-role="editor"]');
    if (host) {
      host.replaceChildren();
      this.editor = createEditor({
        parent: host,
        doc: entry.draft ?? this.data.start,
        language: 'nginx',
        label: this.t('ex.editorLabel'),
        onChange: (text) => this.saveDraftSoon(text),
      });
    }
    this.querySelector('[data-role="noscript-start"]')?.remove();
    this.checks = new CheckClient(createWorker);

    this.button('check')?.addEventListener('click', () => void this.runCheck());
    this.button('reset-config')?.addEventListener('click', () => void this.resetConfig());
    this.button('next-hint')?.addEventListener('click', () => this.showHints(this.shownHints() + 1, true));
    this.button('show-solution')?.addEventListener('click', () => this.showSolution(true));
    for (const b of this.querySelectorAll<HTMLButtonElement>('button[data-role]')) b.disabled = false;

    this.showHints(entry.hintsShown, false);
    if (entry.solutionShown) this.showSolution(false);
    this.markSolved(entry.solved, false);
    void this.loadEvidence();
  }

  disconnectedCallback(): void {
    this.checks?.dispose();
    this.editor?.view.destroy();
  }

  private button(role: string): HTMLButtonElement | null {
    return this.querySelector<HTMLButtonElement>(`button[data-role="${role}"]`);
  }

  private status(text: string): void {
    const node = this.querySelector('[data-role="status"]');
    if (node) node.textContent = text;
  }

  private saveDraftSoon(text: string): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.saveDraft(text), 300);
  }

  private saveDraft(text: string): void {
    if (!this.data) return;
    const storage = browserStorage();
    // A draft past the simulator's limit would be dropped on the next load anyway.
    if (exceedsBytes(text, MAX_CONFIG_BYTES)) return;
    const draft = text === this.data.start ? null : text;
    saveProgress(storage, recordDraft(loadProgress(storage), this.data.id, draft));
  }

  /** The symptom panel shows what the start config does, simulated here, never hand-written. */
  private async loadEvidence(): Promise<void> {
    const pre = this.querySelector<HTMLElement>('[data-role="evidence"]');
    if (!pre || !this.data?.evidence) return;
    const client = new CheckClient(createWorker);
    const outcome = await client.check(this.data.text, this.data.start);
    client.dispose();
    const sim = outcome.ok ? outcome.check.runs[0]?.simulation : null;
    if (!sim) {
      pre.textContent = outcome.ok ? this.t('ex.evidence.empty') : this.errorText(outcome);
      return;
    }
    const text = this.data.evidence === 'transcript' ? transcriptText(sim) : sim.errorLog.join('\n');
    pre.textContent = text || this.t('ex.evidence.empty');
  }

  private errorText(outcome: CheckOutcome & { ok: false }): string {
    if (!('timeout' in outcome)) return this.t('ex.crash', { message: outcome.message });
    return outcome.regex
      ? this.t('ex.timeoutRegex', regexTimeoutParams(outcome.regex, outcome.ms))
      : this.t('ex.timeout');
  }

  private async runCheck(): Promise<void> {
    if (!this.data || !this.editor || !this.checks) return;
    const config = this.editor.text();
    this.saveDraft(config);
    if (exceedsBytes(config, MAX_CONFIG_BYTES)) {
      // The learner's own text is too long: say so, rather than blame the exercise file.
      this.renderProblem(
        this.t('ex.configTooLarge', {
          size: formatBytes(utf8Bytes(config)),
          limit: formatBytes(MAX_CONFIG_BYTES),
        }),
      );
      return;
    }
    const checkButton = this.button('check');
    if (checkButton) checkButton.disabled = true;
    this.status(this.t('ex.checking'));
    // The picked version goes into the exercise's scenario (nginx_version), so the goals are judged on it.
    const version = this.version();
    const picked = this.querySelector('select[data-role="nginx-version"]') !== null;
    const text = picked && version ? withVersion(this.data.text, version) : this.data.text;
    const outcome = await this.checks.check(text, config);
    if (checkButton) checkButton.disabled = false;
    if (!outcome.ok) {
      if (outcome.message === 'superseded') return;
      this.renderProblem(this.errorText(outcome));
      return;
    }
    const problems = outcome.check.runs.flatMap((r) => r.errors);
    if (problems.length > 0) {
      this.renderProblem(this.t('ex.scenarioError', { message: problems.join('; ') }));
      return;
    }
    const results = outcome.check.runs.flatMap((r) => r.results);
    const passed = results.filter((r) => r.ok).length;
    const storage = browserStorage();
    const progress = recordCheck(loadProgress(storage), this.data.id, passed, results.length, new Date());
    saveProgress(storage, progress);
    this.renderCheck(outcome.check, results.length - passed, version);
    this.markSolved(entryOf(progress, this.data.id).solved, outcome.check.solved);
  }

  /** The picked nginx version, or the one the exercise is pinned to (Exercise.astro). */
  private version(): string | null {
    const picked = this.querySelector<HTMLSelectElement>('select[data-role="nginx-version"]')?.value;
    return (
      picked ?? this.querySelector<HTMLElement>('[data-testid="exercise-version"]')?.dataset.version ?? null
    );
  }

  private renderProblem(message: string): void {
    this.status(message);
    this.querySelector('[data-role="results"]')?.replaceChildren(
      el('p', { class: 'ex-problem', role: 'alert' }, message),
    );
  }

  private renderCheck(check: ExerciseCheck, failed: number, version: string | null): void {
    const results = this.querySelector<HTMLElement>('[data-role="results"]');
    if (!results) return;
    const summary = check.solved ? this.t('ex.solved') : this.t('ex.notSolved', { n: failed });
    this.status(summary);
    const blocks: Node[] = [
      el('h2', { id: 'ex-results-title' }, this.t('ex.results')),
      el(
        'p',
        { class: check.solved ? 'ex-summary ex-ok' : 'ex-summary ex-fail', 'data-testid': 'check-summary' },
        summary,
      ),
    ];
    if (version)
      blocks.push(
        el(
          'p',
          { class: 'ex-checked-version', 'data-testid': 'checked-version' },
          this.t('ex.version.checked', { version }),
        ),
      );
    for (const run of check.runs) blocks.push(this.renderRun(run, check.runs.length > 1));
    results.replaceChildren(...blocks);
    results.dataset.state = check.solved ? 'solved' : 'failed';
  }

  private renderRun(run: RunReport, titled: boolean): HTMLElement {
    const title = run.title ? run.title[this.locale] : this.t('ex.mainRun');
    const list = el('ul', { class: 'ex-goals' }, ...run.results.map((r) => this.renderGoal(r)));
    const section = el('section', { class: 'ex-run' }, titled ? el('h3', {}, title) : null, list);
    if (run.simulation && run.results.some((r) => !r.ok)) section.append(this.renderOutcome(run.simulation));
    return section;
  }

  private renderGoal(r: GoalResult): HTMLElement {
    return el(
      'li',
      { class: r.ok ? 'ex-goal ex-ok' : 'ex-goal ex-fail', 'data-goal': r.goal, 'data-ok': String(r.ok) },
      el('span', { class: 'ex-goal-icon', 'aria-hidden': 'true' }, r.ok ? '✓' : '✗'),
      el('span', { class: 'sr-only' }, `${r.ok ? this.t('ex.goalOk') : this.t('ex.goalFail')}: `),
      el('span', {}, this.goalText(r.message)),
    );
  }

  /** On failure, what the simulation saw: the facts a learner reasons from. */
  private renderOutcome(sim: Simulation): HTMLElement {
    // A scenario v2 exercise's run gives an outcome@2.
    const o = sim.outcome as AnyOutcome;
    const rows: Array<[string, string]> = [];
    if ('config_error' in o) {
      rows.push([this.t('ex.outcome.configError'), o.config_error]);
    } else if ('clients' in o) {
      // Scenario v2: one line per client, and how many connections each backend saw.
      for (const c of o.clients) {
        const statuses = c.requests.map((r) => (r.response ? String(r.response.status) : '—')).join(', ');
        const end = c.end ?? c.closed;
        rows.push([
          this.t('ex.outcome.client', { name: c.name }),
          [
            `${this.t('ex.outcome.status')}: ${statuses || this.t('ex.outcome.none')}`,
            `${this.t('ex.outcome.tunnel')}: ${c.tunnel ? this.t('ex.outcome.yes') : this.t('ex.outcome.no')}`,
            `${this.t('ex.outcome.end')}: ${end ? `${end.at}s · ${end.by}${'reason' in end ? ` · ${end.reason}` : ''}` : this.t('ex.outcome.none')}`,
          ].join(' · '),
        ]);
      }
      for (const [address, b] of Object.entries(o.backends))
        rows.push([
          this.t('ex.outcome.backend', { address }),
          counted(this.t, this.locale, 'ex.outcome.connections', b.connections.length),
        ]);
    } else {
      rows.push([
        this.t('ex.outcome.status'),
        o.response ? String(o.response.status) : this.t('ex.outcome.none'),
      ]);
      rows.push([this.t('ex.outcome.tunnel'), o.tunnel ? this.t('ex.outcome.yes') : this.t('ex.outcome.no')]);
      rows.push([
        this.t('ex.outcome.end'),
        o.end ? `${o.end.at}s · ${o.end.by} · ${o.end.reason}` : this.t('ex.outcome.none'),
      ]);
    }
    const dl = el('dl', { class: 'ex-outcome-facts' });
    for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v));
    const transcript = transcriptText(sim);
    return el(
      'details',
      { class: 'ex-outcome', open: true, 'data-testid': 'outcome' },
      el('summary', {}, this.t('ex.outcome')),
      dl,
      transcript ? el('h4', {}, this.t('ex.outcome.transcript')) : null,
      transcript ? el('pre', { class: 'ex-pre', tabindex: '0' }, transcript) : null,
      sim.errorLog.length ? el('h4', {}, this.t('ex.outcome.errorLog')) : null,
      sim.errorLog.length ? el('pre', { class: 'ex-pre', tabindex: '0' }, sim.errorLog.join('\n')) : null,
    );
  }

  private markSolved(solved: boolean, justNow: boolean): void {
    this.dataset.solved = String(solved);
    const badge = this.querySelector<HTMLElement>('[data-role="solved-badge"]');
    if (badge) badge.hidden = !solved;
    if (solved && !justNow && !this.querySelector('[data-role="results"] .ex-summary')) {
      this.status(this.t('ex.alreadySolved'));
    }
  }

  private shownHints(): number {
    return this.querySelectorAll('[data-role="hint"]:not([hidden])').length;
  }

  private showHints(count: number, record: boolean): void {
    const hints = [...this.querySelectorAll<HTMLElement>('[data-role="hint"]')];
    const n = Math.min(count, hints.length);
    hints.forEach((h, i) => {
      h.hidden = i >= n;
    });
    const next = this.button('next-hint');
    if (next && n >= hints.length) {
      next.disabled = true;
      next.textContent = this.t('ex.noMoreHints');
    }
    if (record && this.data) {
      const storage = browserStorage();
      saveProgress(storage, recordHint(loadProgress(storage), this.data.id, n));
      hints[n - 1]?.focus();
    }
  }

  private showSolution(record: boolean): void {
    const panel = this.querySelector<HTMLElement>('[data-role="solution"]');
    if (!panel) return;
    panel.hidden = false;
    const button = this.button('show-solution');
    if (button) button.setAttribute('aria-expanded', 'true');
    if (record && this.data) {
      const storage = browserStorage();
      saveProgress(storage, recordSolutionShown(loadProgress(storage), this.data.id));
      panel.focus();
    }
  }

  private async resetConfig(): Promise<void> {
    if (!this.data || !this.editor) return;
    const ok = await confirmDialog(this.t('ex.resetConfigConfirm'), {
      confirm: this.t('dialog.confirm'),
      cancel: this.t('dialog.cancel'),
    });
    if (!ok) return;
    this.editor.setText(this.data.start);
    this.saveDraft(this.data.start);
  }
}

if (!customElements.get('ws-exercise')) customElements.define('ws-exercise', WsExercise);
