// What every flow entry shares: the shadow root with its adopted stylesheet, the language, the client, DOM events, unmount.
import { type ComponentChildren, render } from 'preact';
import { createClient, type RegainClient } from '../api/client.ts';
import type { Messages, Translate } from '../i18n/en.ts';
import { resolveLocale } from '../i18n/locale.ts';
import { Localized } from '../i18n/localized.tsx';
import css from '../ui/styles.css';

export interface ShellOptions {
  /** The service's origin. */
  api: string;
  /** BCP 47 language; by default the element's or the page's `lang`, then the browser's. */
  locale?: string;
  strings?: Messages;
  /**
   * Moves focus to the flow's heading once it is drawn: for a flow the user just opened (regain.js passes it
   * on click), so keyboard and screen reader users land in it instead of on the page's body.
   */
  focus?: boolean;
}

/** What a flow machine reports; it becomes a `regain:<type>` CustomEvent on the host. */
export type FlowEvent =
  | { type: 'done'; outcome: string }
  | { type: 'cancel' }
  | { type: 'error'; code: string };

/** What the shell hands a flow to build itself with. */
export interface Shell {
  client: RegainClient;
  /** The language the screen shows, also sent to the server so emails and question texts match it. */
  locale: string;
  emit: (e: FlowEvent) => void;
}

/** A built flow: its view for a translator, what starts it once drawn, and what stops it when unmounted. */
export interface MountedFlow {
  view: (t: Translate) => ComponentChildren;
  /** Runs once the catalog is loaded and the view subscribed, so no state change is missed. */
  start: () => void;
  stop?: () => void;
  /** The organization's string overrides, once the flow has read /v1/config. */
  orgStrings?: () => Record<string, string> | undefined;
}

let sheet: CSSStyleSheet | undefined;

/**
 * Draws the flow `setup` builds inside `host`'s shadow root (created if missing), in the language of the host,
 * and dispatches its events on `host` as `regain:done` {outcome}, `regain:cancel` and `regain:error` {code},
 * bubbling and composed. Returns a function that stops and unmounts the flow.
 * @example mountShell(host, { api }, ({ client, emit }) => { const m = new M({ client, onEvent: emit });
 *   return { view: (t) => <App m={m} t={t} />, start: () => void m.init() } })
 */
export function mountShell(
  host: HTMLElement,
  o: ShellOptions,
  setup: (shell: Shell) => MountedFlow,
): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  // Replaces whatever regain.js adopted for its placeholder, whose rules would leak into the flow.
  root.adoptedStyleSheets = [sheet];
  const locale = resolveLocale(host, o.locale);
  const emit = (e: FlowEvent) => {
    const detail = e.type === 'done' ? { outcome: e.outcome } : e.type === 'error' ? { code: e.code } : {};
    host.dispatchEvent(new CustomEvent(`regain:${e.type}`, { bubbles: true, composed: true, detail }));
  };
  const flow = setup({ client: createClient({ api: o.api, locale }), locale, emit });
  const box = document.createElement('div');
  root.replaceChildren(box);
  // The language's catalog, the organization's strings and `o.strings`, over English.
  render(
    <Localized
      host={host}
      locale={locale}
      strings={o.strings}
      orgStrings={flow.orgStrings}
      view={flow.view}
      onReady={() => {
        flow.start();
        if (o.focus) root.querySelector<HTMLElement>('h2')?.focus();
      }}
    />,
    box,
  );
  return () => {
    flow.stop?.();
    render(null, box);
    box.remove();
  };
}
