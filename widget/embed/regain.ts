// regain.js: the classic script pages embed. No Preact here: it defines the elements and loads the flow chunk on first use.
import type { MountOptions } from '../flows/reset-entry.tsx';

interface FlowModule {
  mountReset(host: HTMLElement, o: MountOptions): () => void;
}

const script = document.currentScript as HTMLScriptElement | null;
const here = script?.src ?? '';
const api = (script?.dataset.api ?? (here ? new URL('..', here).origin : '')).replace(/\/+$/, '');
let flow: Promise<FlowModule> | undefined;
/** The flow chunk, from the same folder as this script; loaded once, on first focus or click. */
const load = (): Promise<FlowModule> => {
  flow ??= import(/* @vite-ignore */ new URL(__REGAIN_RESET_CHUNK__, here).href) as Promise<FlowModule>;
  return flow;
};

const css =
  ':host{display:block}button{font:inherit;color:var(--regain-accent,#0b5cd5);background:none;border:0;padding:0;text-decoration:underline;cursor:pointer}dialog{border:0;padding:0;background:none;max-width:calc(100vw - 2rem)}dialog::backdrop{background:#0006}';
let sheet: CSSStyleSheet | undefined;
const shadow = (el: HTMLElement): ShadowRoot => {
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  sheet ??= new CSSStyleSheet();
  if (!sheet.cssRules.length) sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  return root;
};
const button = (text: string): HTMLButtonElement => {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  return b;
};

/** `<regain-reset>`: a link-styled button that becomes the reset flow on first focus or click. */
class RegainReset extends HTMLElement {
  private unmount: (() => void) | undefined;
  connectedCallback(): void {
    if (this.unmount) return;
    const b = button(this.getAttribute('label') ?? 'Reset your password');
    shadow(this).replaceChildren(b);
    let started = false;
    const open = () => {
      if (started) return;
      started = true;
      void load().then((m) => {
        this.unmount = m.mountReset(this, { api: this.getAttribute('api') ?? api, ...this.username() });
      });
    };
    b.addEventListener('click', open);
    b.addEventListener('focus', () => void load());
    if (this.hasAttribute('open')) open();
  }
  private username(): { username?: string } {
    const u = this.getAttribute('username');
    return u ? { username: u } : {};
  }
  disconnectedCallback(): void {
    this.unmount?.();
    this.unmount = undefined;
    this.shadowRoot?.replaceChildren();
  }
}

/** `<regain-help-link>`: "Can't access your account?"; opens the reset flow in a modal dialog. */
class RegainHelpLink extends HTMLElement {
  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = shadow(this);
    const b = button(this.getAttribute('label') ?? "Can't access your account?");
    const dialog = document.createElement('dialog');
    const box = document.createElement('div');
    dialog.append(box);
    root.replaceChildren(b, dialog);
    let unmount: (() => void) | undefined;
    const close = () => {
      unmount?.();
      unmount = undefined;
      if (dialog.open) dialog.close();
    };
    dialog.addEventListener('close', close);
    b.addEventListener('focus', () => void load());
    b.addEventListener('click', () => {
      void load().then((m) => {
        close();
        const sel = this.getAttribute('username-field');
        const field = sel ? document.querySelector<HTMLInputElement>(sel) : null;
        unmount = m.mountReset(box, {
          api: this.getAttribute('api') ?? api,
          ...(field?.value ? { username: field.value } : {}),
        });
        dialog.showModal();
      });
    });
    // The dialog closes itself when the flow is cancelled; done stays visible until the user closes it.
    box.addEventListener('regain:cancel', () => dialog.close());
  }
}

for (const [name, ctor] of [
  ['regain-reset', RegainReset],
  ['regain-help-link', RegainHelpLink],
] as const) {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
