// The registration flow's entry chunk: mounts the registration prompt or flow into an element's shadow root.
import { RegistrationApp } from '../ui/registration-app.tsx';
import { mountShell, type ShellOptions } from './mount-shell.tsx';
import { RegistrationMachine } from './registration-machine.ts';

export interface RegistrationMountOptions extends ShellOptions {
  /** A ticket from the organization's login backend, redeemed at once (single use, 5 minutes). */
  ticket?: string;
  /** Prefills the sign-in step's user name when there is no ticket. */
  username?: string;
}

const mount = (host: HTMLElement, o: RegistrationMountOptions, mode: 'prompt' | 'manage') =>
  mountShell(host, o, ({ client, emit }) => {
    const m = new RegistrationMachine({ client, mode, onEvent: emit });
    return {
      view: (t) => <RegistrationApp m={m} t={t} />,
      start: () => void m.init({ ...(o.ticket ? { ticket: o.ticket } : {}), username: o.username ?? '' }),
      orgStrings: () => m.state.config?.strings,
      stop: () => m.cancel(),
    };
  });

/**
 * Draws the registration flow (methods on file, adding and verifying contact data, questions, confirm) in
 * `host`'s shadow root: with a ticket the session opens at once, else the user signs in with the current
 * password. Dispatches `regain:done` {outcome: 'registered' | 'confirmed'}, `regain:cancel`, `regain:error`.
 * Returns a function that unmounts it.
 * @example mountRegistration(el, { api: 'https://reset.example.org', ticket })
 */
export function mountRegistration(host: HTMLElement, o: RegistrationMountOptions): () => void {
  return mount(host, o, 'manage');
}

/**
 * Draws the registration prompt for a ticket's user (or, without a ticket, for the user who signs in with the
 * current password first, as the extension does): "Register now" leads into the flow, "Remind me later"
 * snoozes (`regain:done` {outcome: 'snoozed'}); when nothing is due it ends at once with outcome `none`.
 * A required registration offers no dismissal. Returns a function that unmounts it.
 * @example mountRegistrationPrompt(el, { api: 'https://reset.example.org', ticket })
 */
export function mountRegistrationPrompt(host: HTMLElement, o: RegistrationMountOptions): () => void {
  return mount(host, o, 'prompt');
}
