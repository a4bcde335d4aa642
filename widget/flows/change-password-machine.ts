// The change-password flow as a plain state machine (no UI): user name, current password, new password with a live check.

import type { ApiProblem, ConfigAnswer, PasswordVerdict, RegainClient } from '../api/client.ts';
import { LiveCheck } from './live-check.ts';
import { flowError, helpdeskLink, Machine } from './machine.ts';
import type { ErrorCode, FlowError } from './reset-machine.ts';
import { trackedCall } from './tracked-call.ts';

export type ChangeStep =
  | { name: 'loading' }
  | { name: 'form'; checking: boolean; verdict: PasswordVerdict | null }
  | { name: 'done' }
  | { name: 'cancelled' };

export interface ChangeState {
  step: ChangeStep;
  username: string;
  /** The page gave the user name: the field is read-only. */
  fixedUsername: boolean;
  busy: boolean;
  slow: boolean;
  error: FlowError | null;
  config: ConfigAnswer | null;
  helpdesk: string | null;
}

export type ChangeEvent =
  | { type: 'done'; outcome: 'changed' }
  | { type: 'cancel' }
  | { type: 'error'; code: ErrorCode };

export interface ChangeMachineOptions {
  client: RegainClient;
  locale?: string;
  /** Debounce of the live password check (default 300 ms). */
  checkDelayMs?: number;
  /** When a call counts as slow (default 10 s). */
  slowAfterMs?: number;
  onEvent?: (e: ChangeEvent) => void;
}

const form = (verdict: PasswordVerdict | null, checking = false): ChangeStep => ({
  name: 'form',
  checking,
  verdict,
});

/** Drives one password change; views call the actions and redraw on every change. Never throws from an action. */
export class ChangePasswordMachine extends Machine<ChangeState> {
  state: ChangeState = {
    step: { name: 'loading' },
    username: '',
    fixedUsername: false,
    busy: false,
    slow: false,
    error: null,
    config: null,
    helpdesk: null,
  };
  private readonly live: LiveCheck;
  /** The user name the live check counts (the one typed beside the password, when the page did not fix it). */
  private typedUsername = '';

  constructor(private readonly o: ChangeMachineOptions) {
    super();
    // Without a token the server checks length, lists and the user name.
    this.live = new LiveCheck(
      (password, signal) =>
        o.client.checkPassword(
          this.typedUsername ? { password, username: this.typedUsername } : { password },
          undefined,
          signal,
        ),
      (checking, verdict = this.verdict()) => {
        if (this.state.step.name === 'form') this.set({ step: form(verdict, checking) });
      },
      o.checkDelayMs,
    );
  }

  private verdict(): PasswordVerdict | null {
    return this.state.step.name === 'form' ? this.state.step.verdict : null;
  }

  private fail(p: Pick<ApiProblem, 'code'> & Partial<ApiProblem>): void {
    const patch: Partial<ChangeState> = { busy: false, slow: false, error: flowError(p) };
    if (p.violations && this.state.step.name === 'form')
      patch.step = form({ accepted: false, violations: p.violations });
    this.set(patch);
    this.o.onEvent?.({ type: 'error', code: p.code });
  }

  /** Loads /v1/config (lengths, helpdesk) and shows the form, with the user name fixed when the page gave one. */
  async init(username = ''): Promise<void> {
    this.set({ username, fixedUsername: Boolean(username.trim()) });
    const r = await this.o.client.config();
    if (r.ok) {
      this.set({ config: r.data, helpdesk: helpdeskLink(r.data) });
    }
    this.set({ step: form(null) });
  }

  /** Feeds the live rule check (debounced). */
  passwordInput(password: string, username = this.state.username): void {
    if (this.state.step.name !== 'form') return;
    this.typedUsername = username.trim();
    this.live.input(password);
  }

  /** Changes the password; the new one and its confirmation must match (checked before the network). */
  async submit(f: {
    username: string;
    currentPassword: string;
    newPassword: string;
    confirm: string;
  }): Promise<void> {
    if (this.state.step.name !== 'form' || this.state.busy) return;
    this.live.stop();
    const username = this.state.fixedUsername ? this.state.username : f.username.trim();
    if (!username || !f.currentPassword || f.newPassword !== f.confirm) {
      this.set({ error: { code: 'validation_failed' }, step: form(this.verdict()) });
      return;
    }
    this.set({ username, step: form(this.verdict()) });
    const body: { username: string; currentPassword: string; newPassword: string; locale?: string } = {
      username,
      currentPassword: f.currentPassword,
      newPassword: f.newPassword,
    };
    if (this.o.locale) body.locale = this.o.locale;
    const r = await trackedCall(
      () => this.o.client.changePassword(body),
      (p) => this.set(p),
      this.o.slowAfterMs,
    );
    if (!r.ok) return this.fail(r.problem);
    this.set({ step: { name: 'done' } });
    this.o.onEvent?.({ type: 'done', outcome: 'changed' });
  }

  cancel(): void {
    const n = this.state.step.name;
    if (n === 'done' || n === 'cancelled') return;
    this.live.stop();
    this.set({ step: { name: 'cancelled' }, busy: false, error: null });
    this.o.onEvent?.({ type: 'cancel' });
  }
}
