/**
 * Narrow screens (one column): the playground shows either the inputs or the result, switched
 * by two buttons that stay at the top; while editing, the verdict stays pinned at the bottom
 * of the screen, so every edit's answer is in view (tapping it opens the result). Wide
 * screens show both columns and hide the switch (CSS).
 */
export function mountMobileSwitch(root: HTMLElement): () => void {
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-mobile-show]')];
  const verdict = root.querySelector<HTMLElement>('[data-role=verdict]');
  const show = (which: string, scroll: boolean) => {
    root.dataset.mobile = which;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.mobileShow === which));
    if (scroll) root.scrollIntoView({ block: 'start' });
  };
  const onClick = (event: Event) => {
    const which = (event.currentTarget as HTMLElement).dataset.mobileShow;
    if (which) show(which, true);
  };
  const onVerdict = (event: Event) => {
    // Its own buttons (go to a line, apply a fix) do their job; a tap elsewhere opens the result.
    if ((event.target as Element).closest('button')) return;
    if (root.dataset.mobile === 'edit' && getComputedStyle(verdict as HTMLElement).position === 'fixed')
      show('result', true);
  };
  for (const b of buttons) b.addEventListener('click', onClick);
  verdict?.addEventListener('click', onVerdict);
  show('edit', false);
  return () => {
    for (const b of buttons) b.removeEventListener('click', onClick);
    verdict?.removeEventListener('click', onVerdict);
  };
}
