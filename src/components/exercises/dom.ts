/**
 * Tiny DOM helpers. Text always goes in through textContent — exercise data and the learner's
 * config are never parsed as HTML.
 */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Reads a JSON island (`<script type="application/json" data-role=…>`) inside `root`. */
export function readIsland<T>(root: HTMLElement, role: string): T | null {
  const script = root.querySelector<HTMLScriptElement>(
    `script[type="application/json"][data-role="${role}"]`,
  );
  if (!script?.textContent) return null;
  try {
    return JSON.parse(script.textContent) as T;
  } catch {
    return null;
  }
}

export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Asks before a destructive action with a modal <dialog> (focus-trapped, Esc cancels, buttons
 * reachable by keyboard). Resolves true only on an explicit confirm.
 */
export function confirmDialog(
  message: string,
  labels: { confirm: string; cancel: string },
): Promise<boolean> {
  if (typeof HTMLDialogElement === 'undefined') return Promise.resolve(window.confirm(message));
  return new Promise((resolve) => {
    const text = el('p', { id: `ex-dialog-text-${Date.now()}` }, message);
    const cancel = el(
      'button',
      { type: 'button', 'data-role': 'dialog-cancel', value: 'cancel' },
      labels.cancel,
    );
    const confirm = el(
      'button',
      { type: 'button', 'data-role': 'dialog-confirm', class: 'ex-danger' },
      labels.confirm,
    );
    const dialog = el(
      'dialog',
      { class: 'ex-dialog', 'aria-describedby': text.id, 'data-testid': 'confirm-dialog' },
      text,
      el('div', { class: 'ex-dialog-buttons' }, cancel, confirm),
    );
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
