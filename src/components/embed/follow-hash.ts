/**
 * Embeds read their scenario from the fragment once, at start. A wiki that reuses the iframe
 * and only changes the fragment of its `src` (some editors do, when a page author edits the
 * embed) fires `hashchange` instead of a load: start again, so the frame never shows the
 * previous scenario under the new link. The embeds' own history.replaceState fires no event.
 */
export function restartOnHashChange(): void {
  addEventListener('hashchange', () => location.reload());
}
