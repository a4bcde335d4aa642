// regain.js: the classic script pages embed. No Preact here: it defines the elements and loads a flow chunk on first use.

import { type LinkLabels, linkLabels } from '../../api/link-labels.ts';
import type { Locale } from '../../api/locales.ts';
import type { MountOptions } from '../flows/reset-entry.tsx';
import { keepAfter, typedUsername } from './keep-after.ts';

type Unmount = () => void;
type Mount = (host: HTMLElement, o: MountOptions & { ticket?: string; focus?: boolean }) => Unmount;
/** What each flow chunk exports; names match the ES module entry (widget/index.ts). */
interface FlowModules {
  reset: { mountReset: Mount };
  registration: { mountRegistration: Mount; mountRegistrationPrompt: Mount };
  changePassword: { mountChangePassword: Mount };
}
type Flow = keyof FlowModules;

const script = document.currentScript as HTMLScriptElement | null;
const here = script?.src ?? '';
const api = (script?.dataset.api ?? (here ? new URL('..', here).origin : '')).replace(/\/+$/, '');
const loaded: { [K in Flow]?: Promise<FlowModules[K]> } = {};
/** A flow chunk, from the same folder as this script; each is loaded once, on first focus or click. */
const load = <K extends Flow>(flow: K): Promise<FlowModules[K]> => {
  loaded[flow] ??= import(/* @vite-ignore */ new URL(__REGAIN_CHUNKS__[flow], here).href) as Promise<
    FlowModules[K]
  > as never;
  return loaded[flow] as Promise<FlowModules[K]>;
};

const langOf = (el: Element): string => {
  const tag = el.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  return tag.toLowerCase().split('-')[0] ?? 'en';
};
const label = (el: HTMLElement, which: keyof LinkLabels): string => {
  const lang = langOf(el);
  if (lang === 'ar') el.dir ||= 'rtl';
  return el.getAttribute('label') ?? (linkLabels[lang as Locale] ?? linkLabels.en)[which];
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
const apiOf = (el: HTMLElement): string => el.getAttribute('api') ?? api;
const usernameOf = (el: HTMLElement): { username?: string } => {
  const direct = el.getAttribute('username');
  const sel = el.getAttribute('username-field');
  const typed = sel ? typedUsername(sel) : undefined;
  const u = direct || typed;
  return u ? { username: u } : {};
};

/** Whether this tab has an unfinished reset saved for `service` (set by the flow chunk; holds no secret). */
const parked = (service: string): boolean => {
  try {
    return sessionStorage.getItem('regain.parked') === service;
  } catch {
    return false; // storage blocked: nothing was saved either
  }
};

/**
 * A link-styled button that becomes a flow in place on first click (`<regain-reset>`, `<regain-change-password>`,
 * `<regain-register>`); with `open`, the flow is drawn at once.
 */
const inlineFlow = <K extends Flow>(
  flow: K,
  mount: (m: FlowModules[K]) => Mount,
  which: 'reset' | 'change' | 'register',
) =>
  class extends HTMLElement {
    private unmount: Unmount | undefined;
    connectedCallback(): void {
      if (this.unmount || this.shadowRoot?.childElementCount) return;
      const b = button(label(this, which));
      shadow(this).replaceChildren(b);
      const open = (focus: boolean) => {
        if (this.unmount) return;
        void load(flow).then((m) => {
          this.unmount ??= mount(m)(this, { api: apiOf(this), ...usernameOf(this), focus });
        });
      };
      b.addEventListener('click', () => open(true), { once: true });
      b.addEventListener('focus', () => void load(flow), { once: true });
      if (this.hasAttribute('open') || (flow === 'reset' && parked(apiOf(this)))) open(false);
    }
    disconnectedCallback(): void {
      this.unmount?.();
      this.unmount = undefined;
      this.shadowRoot?.replaceChildren();
    }
  };

// Links placed with `attach="<form selector>"` stay right after that form, even when the page re-renders it.
const attached = new WeakSet<HTMLElement>();
const watch = (link: HTMLElement): void => {
  attached.add(link);
  keepAfter(link, () => {
    try {
      return document.querySelector(link.getAttribute('attach') ?? '');
    } catch {
      return null;
    }
  });
};

/** `<regain-help-link>`: "Can't access your account?"; opens the reset flow in a modal dialog. */
class RegainHelpLink extends HTMLElement {
  connectedCallback(): void {
    if (this.hasAttribute('attach') && !attached.has(this)) watch(this);
    if (this.shadowRoot) return;
    const root = shadow(this);
    const b = button(label(this, 'help'));
    const dialog = document.createElement('dialog');
    const box = document.createElement('div');
    dialog.append(box);
    root.replaceChildren(b, dialog);
    let unmount: Unmount | undefined;
    const close = () => {
      unmount?.();
      unmount = undefined;
      if (dialog.open) dialog.close();
    };
    dialog.addEventListener('close', close);
    b.addEventListener('focus', () => void load('reset'));
    b.addEventListener('click', () => {
      void load('reset').then((m) => {
        close();
        unmount = m.mountReset(box, { api: apiOf(this), ...usernameOf(this) });
        dialog.showModal();
      });
    });
    // The dialog closes itself when the flow is cancelled; done stays visible until the user closes it.
    box.addEventListener('regain:cancel', () => dialog.close());
  }
}

/**
 * `<regain-registration-prompt>`: shows the prompt for the user the `ticket` property names. The ticket is a
 * property so it never sits in the DOM; a `ticket` attribute is read once and removed.
 */
class RegainRegistrationPrompt extends HTMLElement {
  private pending: string | undefined;
  private unmount: Unmount | undefined;
  get ticket(): undefined {
    return undefined; // write-only: page scripts cannot read a ticket back
  }
  set ticket(value: string | undefined) {
    this.pending = value || undefined;
    this.show();
  }
  connectedCallback(): void {
    // A property set before this element was defined shadows the accessor: take it over (upgrade pattern).
    if (Object.hasOwn(this, 'ticket')) {
      const own = (this as { ticket?: string }).ticket;
      delete (this as { ticket?: string }).ticket;
      this.pending = own || undefined;
    }
    const attr = this.getAttribute('ticket');
    if (attr) {
      this.removeAttribute('ticket');
      this.pending = attr;
    }
    this.show();
  }
  private show(): void {
    const ticket = this.pending;
    if (!ticket || !this.isConnected || this.unmount) return;
    this.pending = undefined;
    void load('registration').then((m) => {
      if (this.isConnected) this.unmount = m.mountRegistrationPrompt(this, { api: apiOf(this), ticket });
    });
  }
  disconnectedCallback(): void {
    this.unmount?.();
    this.unmount = undefined;
  }
}

for (const [name, ctor] of [
  ['regain-reset', inlineFlow('reset', (m) => m.mountReset, 'reset')],
  ['regain-change-password', inlineFlow('changePassword', (m) => m.mountChangePassword, 'change')],
  // Registration on its own (the portal, a profile page): the user signs in with the current password first.
  ['regain-register', inlineFlow('registration', (m) => m.mountRegistration, 'register')],
  ['regain-help-link', RegainHelpLink],
  ['regain-registration-prompt', RegainRegistrationPrompt],
] as const) {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
