// The change-password flow's entry chunk: mounts the Preact view for a ChangePasswordMachine into a shadow root.
import { ChangePasswordApp } from '../ui/change-password-app.tsx';
import { ChangePasswordMachine } from './change-password-machine.ts';
import { mountShell, type ShellOptions } from './mount-shell.tsx';

/**
 * Draws the change-password form in `host`'s shadow root (the user name read-only when given) and
 * dispatches `regain:done` {outcome: 'changed'}, `regain:cancel` and `regain:error` {code}.
 * Returns a function that unmounts it.
 * @example mountChangePassword(el, { api: 'https://reset.example.org', username: 'alice' })
 */
export function mountChangePassword(host: HTMLElement, o: ShellOptions & { username?: string }): () => void {
  return mountShell(host, o, ({ client, locale, emit }) => {
    const m = new ChangePasswordMachine({ client, locale, onEvent: emit });
    return {
      view: (t) => <ChangePasswordApp m={m} t={t} />,
      start: () => void m.init(o.username ?? ''),
      stop: () => m.cancel(),
    };
  });
}
