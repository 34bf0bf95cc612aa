import { share, type Translator } from '../../i18n/catalog';
import { type Lang, pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { openEmbedDialog } from '../embed/embed-share';
import { reproduceCommand, reproduceFileName, reproduceScript } from './reproduce';
import { downloadName } from './share-codes';
import { requestShare, type ShareAction, type ShareProvider } from './share-provider';
import { parseStaticSource, scenarioProvider } from './static-providers';
import { pngFromSvg, saveFile } from './svg-file';

/**
 * <share-menu>: the Share button and its actions (ShareMenu.astro renders the markup).
 * A disclosure: the button carries aria-expanded, Escape or a click elsewhere closes, focus
 * goes back to the button. The `inline` variant has no button, only the actions.
 * Copies go through navigator.clipboard; when that is refused (a frame without
 * clipboard-write, an old browser), the text appears selected in a read-only field.
 * Every outcome is announced in the polite status line.
 */

let menus = 0;

class ShareMenu extends HTMLElement {
  private toggle: HTMLButtonElement | null = null;
  private panel!: HTMLElement;
  private status!: HTMLElement;
  private fallback!: HTMLTextAreaElement;
  private t!: Translator<'share'>;
  private language: Lang = 'zh';
  private readonly onDocumentClick = (event: MouseEvent) => {
    if (!this.contains(event.target as Node)) this.close(false);
  };

  connectedCallback(): void {
    if (this.panel) return;
    this.language = pageLang(this.dataset.lang);
    this.t = translator(share[this.language]);
    this.toggle = this.querySelector<HTMLButtonElement>('[data-share-toggle]');
    this.panel = this.querySelector<HTMLElement>('[data-share-panel]') as HTMLElement;
    this.status = this.querySelector<HTMLElement>('[data-share-status]') as HTMLElement;
    this.fallback = this.querySelector<HTMLTextAreaElement>('[data-share-fallback]') as HTMLTextAreaElement;
    menus += 1;
    if (this.toggle) {
      this.panel.id = `share-panel-${menus}`;
      this.toggle.setAttribute('aria-controls', this.panel.id);
      this.toggle.addEventListener('click', () => (this.isOpen ? this.close(true) : this.open()));
    }
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.preventDefault();
        event.stopPropagation();
        this.close(true);
      }
    });
    this.addEventListener('focusout', (event) => {
      const next = event.relatedTarget as Node | null;
      if (next && !this.contains(next)) this.close(false);
    });
    for (const button of this.panel.querySelectorAll<HTMLButtonElement>('[data-share-action]')) {
      button.addEventListener('click', () => void this.run(button.dataset.shareAction as ShareAction));
    }
  }

  private get isOpen(): boolean {
    return this.toggle?.getAttribute('aria-expanded') === 'true';
  }

  private open(): void {
    if (!this.toggle) return;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.panel.hidden = false;
    document.addEventListener('click', this.onDocumentClick);
  }

  private close(returnFocus: boolean): void {
    if (!this.toggle || !this.isOpen) return;
    this.toggle.setAttribute('aria-expanded', 'false');
    this.panel.hidden = true;
    document.removeEventListener('click', this.onDocumentClick);
    if (returnFocus) this.toggle.focus();
  }

  private provider(): ShareProvider | null {
    const source = parseStaticSource(this.dataset.source);
    if (source) {
      return scenarioProvider(this.language, source, () =>
        openEmbedDialog(
          { lang: this.language, kind: 'scenario', permalink: source.permalink, title: source.title },
          this.language,
        ),
      );
    }
    return requestShare(this);
  }

  private say(message: string): void {
    this.status.textContent = message;
  }

  private async run(action: ShareAction): Promise<void> {
    const provider = this.provider();
    this.close(true);
    this.fallback.hidden = true;
    try {
      if (action === 'options') {
        if (provider?.options) provider.options();
        else this.say(this.t('unavailable'));
        return;
      }
      if (action === 'reproduce') {
        const bundle = provider?.reproduce?.();
        if (!bundle) return this.say(this.t('unavailable'));
        const name = reproduceFileName(bundle.fileBase);
        const script = reproduceScript(bundle, location.href);
        saveFile(new Blob([script], { type: 'text/x-shellscript' }), name);
        this.dataset.lastFile = name;
        return this.say(this.t('done.reproduce', { file: name, command: reproduceCommand() }));
      }
      if (action === 'svg' || action === 'png') {
        this.say(this.t('preparing'));
        const image = await provider?.image?.();
        if (!image) return this.say(this.t('unavailable'));
        const name = downloadName(provider?.fileBase ?? '', action, provider?.fileFallback);
        const blob =
          action === 'svg' ? new Blob([image.svg], { type: 'image/svg+xml' }) : await pngFromSvg(image, 2);
        saveFile(blob, name);
        this.dataset.lastFile = name;
        return this.say(this.t('done.download', { file: name }));
      }
      const origin = location.origin;
      const text =
        action === 'embed'
          ? provider?.embedCode?.(origin)
          : action === 'link'
            ? provider?.link?.(origin)
            : action === 'image'
              ? provider?.imageMarkdown?.(origin)
              : action === 'text'
                ? await provider?.text?.(origin)
                : provider?.markdown?.(origin);
      if (!text) return this.say(this.t('unavailable'));
      await this.copy(text, action);
    } catch (error) {
      this.say(this.t('failed', { message: error instanceof Error ? error.message : String(error) }));
    }
  }

  private async copy(text: string, action: 'embed' | 'link' | 'markdown' | 'image' | 'text'): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      this.say(this.t(`done.${action}`));
    } catch {
      // The reader can still copy by hand: the text, selected, in a read-only field.
      this.fallback.value = text;
      this.fallback.rows = Math.min(8, text.split('\n').length + 1);
      this.fallback.hidden = false;
      this.fallback.focus();
      this.fallback.select();
      this.say(this.t('selected'));
    }
  }
}

if (!customElements.get('share-menu')) customElements.define('share-menu', ShareMenu);
