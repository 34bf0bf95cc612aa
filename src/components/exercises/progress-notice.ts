import type { Translator } from '../../i18n/catalog';
import type { LoadedProgress } from './progress';

/**
 * What the page says when stored progress could not be used in full (review F10: bad values
 * used to show as "Invalid Date" or reveal every hint, and unreadable progress was silently
 * replaced). `only` limits the list to one exercise (its own page); null when all was fine.
 */
export function progressNotice(
  loaded: LoadedProgress,
  t: Translator<'exercises'>,
  only?: string,
): string | null {
  const whole = loaded.problems.find((p) => p.id === '' && p.field === '');
  const fields = loaded.problems.filter((p) => p.id !== '' && (only === undefined || p.id === only));
  if (!whole && fields.length === 0) return null;
  if (loaded.backupKey === null) return t('progress.noBackup');
  if (whole) return t('progress.unreadable', { value: whole.value, key: loaded.backupKey });
  const list = fields
    .map((p) => `${only === undefined ? `${p.id}: ` : ''}${p.field || '(entry)'} = ${p.value}`)
    .join('; ');
  return t('progress.fields', { list, key: loaded.backupKey });
}

/** Shows `text` in a notice at the top of `host` (created once), or removes it. */
export function showProgressNotice(host: HTMLElement, text: string | null): void {
  let notice = host.querySelector<HTMLElement>('[data-role="progress-notice"]');
  if (text === null) {
    notice?.remove();
    return;
  }
  if (!notice) {
    notice = document.createElement('p');
    notice.className = 'ex-notice';
    notice.dataset.role = 'progress-notice';
    notice.setAttribute('role', 'status');
    host.prepend(notice);
  }
  notice.textContent = text;
}
