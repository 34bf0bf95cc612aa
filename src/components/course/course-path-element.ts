import { exercises } from '../../i18n/catalog';
import { type Lang, pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { browserStorage } from '../exercises/dom';
import { entryOf, loadProgress, statusOf } from '../exercises/progress';
import { type GuideProgress, loadGuideProgress, markGuide } from './guide-progress';
import { hoursAndMinutes } from './path';

/**
 * `<ws-course-path>`: fills in the course path from this browser's progress — each exercise's
 * status, the guides marked read, each module's count, the whole path's count and time left.
 */
class WsCoursePath extends HTMLElement {
  private locale: Lang = pageLang();
  private t = translator(exercises[this.locale]);
  private guides: GuideProgress = { version: 1, read: {} };

  connectedCallback(): void {
    this.locale = pageLang(this.dataset.lang);
    this.t = translator(exercises[this.locale]);
    const storage = browserStorage();
    this.guides = loadGuideProgress(storage);
    for (const box of this.querySelectorAll<HTMLInputElement>('input[data-role="read"]')) {
      box.disabled = false;
      box.addEventListener('change', () => {
        this.guides = markGuide(storage, this.guides, box.dataset.slug ?? '', box.checked, new Date());
        this.render();
      });
    }
    this.render();
  }

  private render(): void {
    const progress = loadProgress(browserStorage());
    let done = 0;
    let total = 0;
    let minutesLeft = 0;
    for (const module of this.querySelectorAll<HTMLElement>('[data-module]')) {
      let moduleDone = 0;
      const steps = module.querySelectorAll<HTMLElement>('[data-step]');
      for (const step of steps) {
        const finished = this.renderStep(step, progress);
        step.dataset.done = String(finished);
        if (finished) moduleDone++;
        else minutesLeft += Number(step.dataset.minutes ?? 0);
      }
      done += moduleDone;
      total += steps.length;
      const pill = module.querySelector<HTMLElement>('[data-role="module-count"]');
      if (pill) {
        pill.textContent = this.t('path.moduleProgress', { done: moduleDone, total: steps.length });
        pill.dataset.status = moduleDone === steps.length ? 'solved' : moduleDone > 0 ? 'tried' : 'new';
      }
    }
    const count = this.querySelector('[data-role="count"]');
    if (count) count.textContent = this.t('path.progress', { done, total });
    const bar = this.querySelector<HTMLProgressElement>('[data-role="bar"]');
    if (bar) bar.value = done;
    const remaining = this.querySelector('[data-role="remaining"]');
    if (remaining) {
      remaining.textContent =
        done === total ? this.t('path.finished') : this.t('path.remaining', hoursAndMinutes(minutesLeft));
    }
  }

  /** Draws one step's state; true when it counts as done (guide read, exercise solved). */
  private renderStep(step: HTMLElement, progress: ReturnType<typeof loadProgress>): boolean {
    if (step.dataset.kind === 'guide') {
      const box = step.querySelector<HTMLInputElement>('input[data-role="read"]');
      const read = box?.dataset.slug ? box.dataset.slug in this.guides.read : false;
      if (box) box.checked = read;
      return read;
    }
    const id = step.querySelector<HTMLElement>('a[data-id]')?.dataset.id ?? '';
    const status = statusOf(entryOf(progress, id));
    const pill = step.querySelector<HTMLElement>('[data-role="item-status"]');
    if (pill) {
      pill.dataset.status = status;
      pill.textContent = this.t(`course.status.${status}`);
    }
    return status === 'solved';
  }
}

if (!customElements.get('ws-course-path')) customElements.define('ws-course-path', WsCoursePath);
