// The reset flow's entry chunk: mounts the Preact views for a ResetMachine into an element's shadow root.
import { ResetApp } from '../ui/reset-app.tsx';
import { idbFlowStore } from './flow-store.ts';
import { mountShell, type ShellOptions } from './mount-shell.tsx';
import { ResetMachine } from './reset-machine.ts';

export interface MountOptions extends ShellOptions {
  /** Prefills the user name. */
  username?: string;
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
