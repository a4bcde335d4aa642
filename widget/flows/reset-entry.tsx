// The reset flow's entry chunk: mounts the Preact views for a ResetMachine into an element's shadow root.
import type { Messages } from '../i18n/en.ts';
import { ResetApp } from '../ui/reset-app.tsx';
import { idbFlowStore } from './flow-store.ts';
import { mountShell } from './mount-shell.tsx';
import { ResetMachine } from './reset-machine.ts';

export interface MountOptions {
  /** The service's origin. */
  api: string;
  /** Prefills the user name. */
  username?: string;
  /** BCP 47 language; by default the element's or the page's `lang`, then the browser's. */
  locale?: string;
  strings?: Messages;
}

/**
 * Draws the reset flow inside `host`'s shadow root (created if missing) and dispatches `regain:done`,
 * `regain:cancel` and `regain:error` on `host` (bubbling, composed). Returns a function that unmounts it.
 * @example mountReset(document.querySelector('#reset'), { api: 'https://reset.example.org' })
 */
export function mountReset(host: HTMLElement, o: MountOptions): () => void {
  return mountShell(host, o, ({ client, locale, emit }) => {
    const m = new ResetMachine({
      client,
      locale,
      onEvent: emit,
      // Lets a reload of this tab (or a trip to the mail app) resume an unfinished flow.
      store: idbFlowStore({ scope: o.api }),
    });
    return {
      view: (t) => <ResetApp m={m} t={t} />,
      start: () => void m.init(o.username ?? ''),
      orgStrings: () => m.state.config?.strings,
      stop: () => {
        if (m.state.step.name !== 'done' && m.state.step.name !== 'cancelled') void m.cancel();
      },
    };
  });
}
