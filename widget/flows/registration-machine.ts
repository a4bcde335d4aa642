// The registration prompt and flow as a plain state machine (no UI): session, step-up, contact data, questions, confirm, snooze.

import { channelFor, methods, type PhoneChannel } from '../../api/methods.ts';
import type {
  AddMethodBody,
  ApiProblem,
  ApiResult,
  Channel,
  ConfigAnswer,
  ContactMethodId,
  RegainClient,
  RegisteredMethod,
  Registration,
  RegistrationStatus,
} from '../api/client.ts';
import { flowError, helpdeskLink, Machine } from './machine.ts';
import type { ErrorCode, FlowError } from './reset-machine.ts';
import { trackedCall } from './tracked-call.ts';

export type { ErrorCode, FlowError };

export type RegStep =
  | { name: 'loading' }
  | { name: 'signin' }
  | { name: 'prompt'; required: boolean; snoozesLeft: number }
  | { name: 'overview' }
  /** A change needs a code from a method on file first; `methods` are the ones to choose from. */
  | { name: 'stepUp'; methods: RegisteredMethod[] }
  | { name: 'stepUpCode'; method: RegisteredMethod; channel: Channel; codeLength: number }
  | { name: 'add'; id: ContactMethodId }
  | { name: 'addCode'; id: ContactMethodId; to: string; channel: Channel; codeLength: number }
  | { name: 'questions'; catalog: { id: string; text: string }[]; count: number }
  | { name: 'done'; outcome: RegOutcome }
  | { name: 'cancelled' };

/** `none`: nothing was due; `snoozed`: reminded later; `registered`/`confirmed`: the info is on file and right. */
export type RegOutcome = 'none' | 'snoozed' | 'registered' | 'confirmed';

export interface RegState {
  step: RegStep;
  username: string;
  displayName: string;
  busy: boolean;
  /** True when the current call has waited longer than `slowAfterMs`: the view offers the helpdesk. */
  slow: boolean;
  error: FlowError | null;
  status: RegistrationStatus | null;
  registration: Registration | null;
  config: ConfigAnswer | null;
  helpdesk: string | null;
}

export type RegEvent =
  | { type: 'done'; outcome: RegOutcome }
  | { type: 'cancel' }
  | { type: 'error'; code: ErrorCode };

export interface RegMachineOptions {
  client: RegainClient;
  /** `prompt` asks "register now or later" first and ends at once when nothing is due. */
  mode?: 'prompt' | 'manage';
  /** When a call counts as slow (default 10 s). */
  slowAfterMs?: number;
  onEvent?: (e: RegEvent) => void;
}

const digitsOnly = (code: string): string | null => {
  const d = code.replace(/[\s-]/g, '');
  return /^\d{6,10}$/.test(d) ? d : null;
};
/** The channel a code for `id` went by: the asked one, else the method's default (as the service chooses). */
const channelOf = (id: ContactMethodId, channel?: Channel): Channel =>
  channelFor(id, channel) ?? methods[id].channels[0]!;

/** Drives registration; views call the actions and redraw on every change. Never throws from an action. */
/** Whether the status asks for nothing more: enough methods registered and no re-confirmation due. */
export const complete = (st: RegistrationStatus | null | undefined): boolean =>
  Boolean(st && st.methodsRegistered >= st.methodsRequired && !st.reconfirmDue);

export class RegistrationMachine extends Machine<RegState> {
  state: RegState = {
    step: { name: 'loading' },
    username: '',
    displayName: '',
    busy: false,
    slow: false,
    error: null,
    status: null,
    registration: null,
    config: null,
    helpdesk: null,
  };
  private token: string | null = null;
  /** The change that met `step_up_required`, run again once the step-up passed. */
  private pending: (() => Promise<void>) | null = null;
  private lastAdd: AddMethodBody | null = null;
  private pendingId: string | null = null;

  constructor(private readonly o: RegMachineOptions) {
    super();
  }

  /** Runs one API call with busy/slow bookkeeping; a failure becomes the state's error (or a step-up). */
  private async run<T>(
    call: () => Promise<ApiResult<T>>,
    retry?: () => Promise<void>,
  ): Promise<T | undefined> {
    const r = await trackedCall(call, (p) => this.set(p), this.o.slowAfterMs);
    if (r.ok) return r.data;
    if (r.problem.code === 'step_up_required' && retry) {
      this.pending = retry;
      this.set({ busy: false, slow: false, step: { name: 'stepUp', methods: this.onFile() } });
    } else await this.fail(r.problem);
    return undefined;
  }

  private async fail(p: Pick<ApiProblem, 'code'> & Partial<ApiProblem>): Promise<void> {
    const error = flowError(p);
    const patch: Partial<RegState> = { busy: false, slow: false, error };
    if (p.code === 'unauthorized') {
      // The session ended (or never began): a ticket is spent, so signing in again is the way back.
      this.token = null;
      this.pending = null;
      patch.step = { name: 'signin' };
    } else if (p.code === 'snooze_exhausted' && this.state.step.name === 'prompt') {
      patch.step = { name: 'prompt', required: true, snoozesLeft: 0 };
    }
    this.set(patch);
    this.o.onEvent?.({ type: 'error', code: p.code });
    // Someone changed the registration meanwhile: show what is on file now, keeping the error visible.
    if (p.code === 'registration_changed' && (await this.reload()))
      this.set({ error, step: { name: 'overview' } });
  }

  private onFile(): RegisteredMethod[] {
    return this.state.registration?.methods ?? [];
  }

  /**
   * Loads /v1/config, then opens a session with the ticket at once (it is single use and short-lived),
   * or shows the sign-in step prefilled with `username`.
   */
  async init(o: { ticket?: string; username?: string } = {}): Promise<void> {
    this.set({ username: o.username ?? '' });
    const session = o.ticket ? this.o.client.openSession({ ticket: o.ticket }) : null;
    const config = await this.run(() => this.o.client.config());
    if (config) {
      this.set({ config, helpdesk: helpdeskLink(config) });
    }
    if (session) await this.opened(await this.run(() => session));
    else this.set({ step: { name: 'signin' } });
  }

  /** Opens a session with the current password; a wrong one is the same `unauthorized` as an unknown user. */
  async signIn(username: string, password: string): Promise<void> {
    username = username.trim();
    if (this.state.busy || this.state.step.name !== 'signin' || !username || !password) return;
    this.set({ username });
    await this.opened(await this.run(() => this.o.client.openSession({ username, password })));
  }

  private async opened(
    s: { token: string; user: { displayName: string }; status: RegistrationStatus } | undefined,
  ) {
    if (!s) {
      if (this.state.step.name === 'loading') this.set({ step: { name: 'signin' } });
      return;
    }
    this.token = s.token;
    this.set({ displayName: s.user.displayName, status: s.status });
    if (this.o.mode === 'prompt') {
      if (s.status.prompt === 'none') this.finish('none');
      else
        this.set({
          step: {
            name: 'prompt',
            required: s.status.prompt === 'required',
            snoozesLeft: s.status.snoozesLeft,
          },
        });
      return;
    }
    if (await this.reload()) this.set({ step: { name: 'overview' } });
  }

  /** Fetches the registration and its ETag; false when that failed (the error is set). */
  private async reload(): Promise<boolean> {
    const token = this.token;
    if (!token) return false;
    const r = await this.run(() => this.o.client.registration(token));
    if (r) this.set({ registration: r, status: r.status });
    return Boolean(r);
  }

  /** "Register now" from the prompt. */
  async registerNow(): Promise<void> {
    if (this.state.step.name !== 'prompt' || this.state.busy) return;
    if (await this.reload()) this.set({ step: { name: 'overview' } });
  }

  /** "Remind me later": spends a snooze and ends the flow with `snoozed`. */
  async snooze(): Promise<void> {
    const s = this.state.step;
    const token = this.token;
    if (s.name !== 'prompt' || s.required || this.state.busy || !token) return;
    const r = await this.run(() => this.o.client.snooze(token, this.state.registration?.etag));
    if (r) {
      this.set({ status: r.status });
      this.finish('snoozed');
    }
  }

  /** Opens the form for a new (or replacing) email or phone. */
  openAdd(id: ContactMethodId): void {
    if (this.state.busy || !this.token) return;
    this.set({ error: null, step: { name: 'add', id } });
  }

  /** Sends a code to the typed address; it counts only once verified. `channel` is for the mobile phone. */
  async submitAdd(value: string, channel?: PhoneChannel): Promise<void> {
    const s = this.state.step;
    value = value.trim();
    if (s.name !== 'add' || this.state.busy || !value) return;
    const body: AddMethodBody =
      s.id === 'alternateEmail'
        ? { id: s.id, email: value }
        : s.id === 'mobilePhone'
          ? { id: s.id, phone: value, channel: channel ?? 'sms' }
          : { id: s.id, phone: value };
    await this.add(body);
  }

  private async add(body: AddMethodBody): Promise<void> {
    const token = this.token;
    if (!token) return;
    const r = await this.run(
      () => this.o.client.addMethod(token, body),
      async () => {
        // Back on the form, so an error after the step-up shows beside what was typed.
        this.set({ step: { name: 'add', id: body.id } });
        await this.add(body);
      },
    );
    if (!r) return;
    this.lastAdd = body;
    this.pendingId = r.pendingId;
    const to = body.id === 'alternateEmail' ? body.email : body.phone;
    const channel = channelOf(body.id, 'channel' in body ? body.channel : undefined);
    this.set({ step: { name: 'addCode', id: body.id, to, channel, codeLength: r.codeLength } });
  }

  /** Sends a new code to the address being added (a resend invalidates the previous one). */
  async resendAdd(): Promise<void> {
    if (this.state.step.name !== 'addCode' || this.state.busy || !this.lastAdd) return;
    await this.add(this.lastAdd);
  }

  /** Verifies the new address with its code, under the last ETag. */
  async submitAddCode(code: string): Promise<void> {
    const token = this.token;
    const pendingId = this.pendingId;
    if (this.state.step.name !== 'addCode' || this.state.busy || !token || !pendingId) return;
    const digits = digitsOnly(code);
    if (!digits) return this.set({ error: { code: 'invalid_code' } });
    const r = await this.run(() =>
      this.o.client.verifyMethod(token, { pendingId, code: digits }, this.state.registration?.etag),
    );
    if (!r) return;
    this.pendingId = null;
    this.lastAdd = null;
    await this.changed();
  }

  /** Removes a method the user registered (admin and directory data are not the user's to delete). */
  async remove(id: ContactMethodId): Promise<void> {
    const token = this.token;
    const m = this.onFile().find((x) => x.id === id);
    if (this.state.step.name !== 'overview' || this.state.busy || !token || m?.source !== 'user') return;
    const r = await this.run(
      () => this.o.client.deleteMethod(token, id, this.state.registration?.etag),
      async () => {
        this.set({ step: { name: 'overview' } });
        await this.remove(id);
      },
    );
    if (r !== undefined) await this.changed();
  }

  /** Shows the security questions form: `toRegister` distinct questions from the catalog. */
  openQuestions(): void {
    const q = this.state.config?.registration.questions;
    if (this.state.busy || !this.token || !q?.catalog.length) return;
    this.set({ error: null, step: { name: 'questions', catalog: q.catalog, count: q.toRegister } });
  }

  /** Registers the answers; questions must differ and answers must differ and have 3 to 40 characters. */
  async submitQuestions(answers: { questionId: string; answer: string }[]): Promise<void> {
    const s = this.state.step;
    if (s.name !== 'questions' || this.state.busy || !this.token) return;
    const trimmed = answers.map((a) => ({ questionId: a.questionId, answer: a.answer.trim() }));
    const ids = new Set(trimmed.map((a) => a.questionId));
    const texts = new Set(trimmed.map((a) => a.answer.toLowerCase()));
    const lengthOk = trimmed.every((a) => [...a.answer].length >= 3 && [...a.answer].length <= 40);
    if (trimmed.length !== s.count || ids.size !== s.count || texts.size !== s.count || !lengthOk) {
      this.set({ error: { code: 'validation_failed' } });
      return;
    }
    await this.putQuestions(trimmed);
  }

  private async putQuestions(answers: { questionId: string; answer: string }[]): Promise<void> {
    const token = this.token;
    if (!token) return;
    const step = this.state.step;
    const r = await this.run(
      () => this.o.client.putQuestions(token, answers, this.state.registration?.etag),
      async () => {
        this.set({ step });
        await this.putQuestions(answers);
      },
    );
    if (r) await this.changed();
  }

  /** "My info is still right": resets the reconfirm clock and ends with `confirmed`. */
  async confirm(): Promise<void> {
    const token = this.token;
    if (this.state.step.name !== 'overview' || this.state.busy || !token) return;
    const r = await this.run(() => this.o.client.confirm(token, this.state.registration?.etag));
    if (!r) return;
    this.set({ status: r.status });
    this.finish('confirmed');
  }

  /** Ends a flow whose status says configured ("Done"). */
  finishNow(): void {
    if (this.state.step.name === 'overview' && this.state.status?.configured && !this.state.busy)
      this.finish('registered');
  }

  /**
   * After a write: fetch the new registration (and ETag). The flow ends by itself once nothing more is asked
   * (every required method registered), not merely once a reset would work: the policy asks for a backup method.
   */
  private async changed(): Promise<void> {
    const was = complete(this.state.status);
    if (!(await this.reload())) return;
    if (!was && complete(this.state.status)) this.finish('registered');
    else this.set({ step: { name: 'overview' } });
  }

  /** Asks for a step-up code to a method on file; office phones are called, mobiles texted or called. */
  async chooseStepUp(id: ContactMethodId, channel?: PhoneChannel): Promise<void> {
    const token = this.token;
    const method = this.onFile().find((m) => m.id === id);
    if (!method || this.state.busy || !token) return;
    const s = this.state.step.name;
    if (s !== 'stepUp' && s !== 'stepUpCode') return;
    const ch = channelOf(id, channel);
    const body = id === 'mobilePhone' ? { method: id, channel: ch } : { method: id };
    const r = await this.run(() => this.o.client.stepUp(token, body));
    if (r) this.set({ step: { name: 'stepUpCode', method, channel: ch, codeLength: r.codeLength } });
  }

  /** Checks the step-up code, then runs the change that asked for it again. */
  async submitStepUpCode(code: string): Promise<void> {
    const s = this.state.step;
    const token = this.token;
    if (s.name !== 'stepUpCode' || this.state.busy || !token) return;
    const digits = digitsOnly(code);
    if (!digits) return this.set({ error: { code: 'invalid_code' } });
    const r = await this.run(() => this.o.client.stepUpVerify(token, { method: s.method.id, code: digits }));
    if (!r) return;
    const retry = this.pending;
    this.pending = null;
    if (retry) await retry();
    else this.set({ step: { name: 'overview' } });
  }

  /** Back to the overview from a form or code step, dropping what was under way. */
  back(): void {
    if (!this.token || this.state.busy) return;
    this.pending = null;
    this.set({ error: null, step: { name: 'overview' } });
  }

  private finish(outcome: RegOutcome): void {
    this.token = null;
    this.set({ step: { name: 'done', outcome }, error: null, busy: false });
    this.o.onEvent?.({ type: 'done', outcome });
  }

  /** Whether the user may leave: not while registration is required and not yet done. */
  get dismissible(): boolean {
    return this.state.status?.prompt !== 'required';
  }

  /** Cancels; the session simply expires on the server (there is nothing to undo). */
  cancel(): void {
    const n = this.state.step.name;
    if (n === 'done' || n === 'cancelled') return;
    this.token = null;
    this.pending = null;
    this.set({ step: { name: 'cancelled' }, busy: false, error: null });
    this.o.onEvent?.({ type: 'cancel' });
  }
}
