// The reset flow's entry chunk: mounts the Preact views for a ResetMachine into an element's shadow root.
import { render } from 'preact';
import { createClient } from '../api/client.ts';
import { type Messages, translator } from '../i18n/en.ts';
import { ResetApp } from '../ui/reset-app.tsx';
import css from '../ui/styles.css';
import { type ResetEvent, ResetMachine } from './reset-machine.ts';

export interface MountOptions {
  /** The service's origin. */
  api: string;
  /** Prefills the user name. */
  username?: string;
  /** BCP 47 language; by default the element's or the page's `lang`, then the browser's. */
  locale?: string;
  strings?: Messages;
}

let sheet: CSSStyleSheet | undefined;

/** Finds the language for an element: its nearest `lang`, then the browser's. */
export function localeFor(el: Element): string {
  const lang = el.closest('[lang]')?.getAttribute('lang') || navigator.language;
  // Only well-formed tags go to the server, which refuses anything else.
  return lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : 'en';
}

/**
 * Draws the reset flow inside `host`'s shadow root (created if missing) and dispatches `regain:done`,
 * `regain:cancel` and `regain:error` on `host` (bubbling, composed). Returns a function that unmounts it.
 * @example mountReset(document.querySelector('#reset'), { api: 'https://reset.example.org' })
 */
export function mountReset(host: HTMLElement, o: MountOptions): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  // Replaces whatever regain.js adopted for its placeholder, whose rules would leak into the flow.
  root.adoptedStyleSheets = [sheet];
  const locale = o.locale ?? localeFor(host);
  const emit = (e: ResetEvent) => {
    const detail = e.type === 'done' ? { outcome: e.outcome } : e.type === 'error' ? { code: e.code } : {};
    host.dispatchEvent(new CustomEvent(`regain:${e.type}`, { bubbles: true, composed: true, detail }));
  };
  const m = new ResetMachine({ client: createClient({ api: o.api, locale }), locale, onEvent: emit });
  const box = document.createElement('div');
  root.replaceChildren(box);
  render(<ResetApp m={m} t={translator(o.strings)} />, box);
  void m.init(o.username ?? '');
  return () => {
    if (m.state.step.name !== 'done' && m.state.step.name !== 'cancelled') void m.cancel();
    render(null, box);
    box.remove();
  };
}
