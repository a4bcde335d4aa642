// The reset flow as a plain state machine (no UI): username + captcha, methods, proof, code or questions, gates, password, unlock.
import type { ProblemCode } from '../../api/problems.ts';
import type {
  ApiProblem,
  ApiResult,
  Channel,
  ConfigAnswer,
  MethodId,
  PasswordVerdict,
  RegainClient,
  ResetMethod,
} from '../api/client.ts';
import { type AltchaChallenge, type SolveAltchaOptions, solveAltcha } from '../captcha/solve-altcha.ts';
import type { FlowStore } from './flow-store.ts';
import { LiveCheck } from './live-check.ts';
import { flowError, helpdeskLink, Machine } from './machine.ts';
import { trackedCall } from './tracked-call.ts';

export type ErrorCode = ProblemCode | 'network_error' | 'config_unavailable';

/** An error shown above the current step; the view always offers the helpdesk link with it. */
export interface FlowError {
  code: ErrorCode;
  retryAfter?: number;
  attemptsLeft?: number;
  violations?: ApiProblem['violations'];
}

export type Step =
  | { name: 'loading' }
  | { name: 'start'; captchaTried: number; solving: boolean }
  | { name: 'method'; methods: ResetMethod[] }
  | { name: 'proof'; method: ResetMethod; channels: Channel[] }
  | {
      name: 'code';
      method: ResetMethod;
      channel: Channel;
      codeLength: number;
      /** Epoch milliseconds from which a resend is allowed (the server's pacing). */
      resendAt: number;
      expiresAt: string;
    }
  | { name: 'questions'; questions: { id: string; text: string }[] }
  | {
      name: 'password';
      checking: boolean;
      verdict: PasswordVerdict | null;
    }
  | { name: 'done'; outcome: 'reset' | 'unlocked'; unlocked: boolean }
  | { name: 'cancelled' };

export interface ResetState {
  step: Step;
  username: string;
  busy: boolean;
  /** True when the current call has waited longer than `slowAfterMs`: the view offers the helpdesk. */
  slow: boolean;
  error: FlowError | null;
  gatesPassed: number;
  gatesRequired: number;
  unlockAvailable: boolean;
  config: ConfigAnswer | null;
  /** The helpdesk link to show with every error (a URL or a mailto:). */
  helpdesk: string | null;
}

/**
 * What a reload needs to redraw an unfinished flow, and nothing more: never a password, a typed code, a typed
 * phone number or an answer. Kept only while a gate is still open (see `snapshot`).
 */
export interface SavedFlow {
  token: string;
  /** The flow token's expiry (ISO); the store drops the record after it. */
  expiresAt: string;
  username: string;
  gatesPassed: number;
  gatesRequired: number;
  step: Extract<Step, { name: 'method' | 'proof' | 'code' | 'questions' }>;
  /** The list `back()` returns to. */
  methods: ResetMethod[];
  /** The last code request without its proof, so `resend()` works after a reload. */
  challenge?: { method: MethodId; channel?: Channel };
}

const savedSteps: ReadonlySet<Step['name']> = new Set(['method', 'proof', 'code', 'questions']);

export type ResetEvent =
  | { type: 'done'; outcome: 'reset' | 'unlocked' }
  | { type: 'cancel' }
  | { type: 'error'; code: ErrorCode };

export interface ResetMachineOptions {
  client: RegainClient;
  locale?: string;
  solve?: (challenge: AltchaChallenge, opts: SolveAltchaOptions) => Promise<string>;
  /** Debounce of the live password check (default 300 ms). */
  checkDelayMs?: number;
  /** When a call counts as slow (default 10 s). */
  slowAfterMs?: number;
  now?: () => number;
  onEvent?: (e: ResetEvent) => void;
  /** Parks the flow so a reload of the tab resumes it; none by default. */
  store?: FlowStore<SavedFlow>;
}

/** Problem codes after which the flow cannot go on and must start again. */
const restartCodes: ReadonlySet<ErrorCode> = new Set(['flow_expired', 'flow_used', 'unauthorized']);

/** Drives one reset; views call the actions and redraw on every change. Never throws from an action. */
export class ResetMachine extends Machine<ResetState> {
  state: ResetState = {
    step: { name: 'loading' },
    username: '',
    busy: false,
    slow: false,
    error: null,
    gatesPassed: 0,
    gatesRequired: 1,
    unlockAvailable: false,
    config: null,
    helpdesk: null,
  };
  private token: string | null = null;
  private expiresAt = '';
  private lastChallenge: { method: MethodId; channel?: Channel; proof?: string } | null = null;
  private readonly live: LiveCheck;
  private solveAbort: AbortController | undefined;
  private lastMethods: ResetMethod[] = [];
  private readonly now: () => number;
  /** The JSON last handed to the store ('' for nothing), so redraws that change nothing kept write nothing. */
  private stored = '';
  private storing: Promise<void> = Promise.resolve();

  constructor(private readonly o: ResetMachineOptions) {
    super();
    this.now = o.now ?? Date.now;
    this.live = new LiveCheck(
      (password, signal) =>
        o.client.checkPassword({ password, username: this.state.username }, this.token ?? undefined, signal),
      (checking, verdict = this.verdict()) => {
        if (this.state.step.name === 'password') this.set({ step: { name: 'password', checking, verdict } });
      },
      o.checkDelayMs,
    );
  }

  protected override set(patch: Partial<ResetState>): void {
    if (patch.step?.name === 'method' && patch.step.methods.length) this.lastMethods = patch.step.methods;
    super.set(patch);
    if (this.o.store) this.persist(this.o.store);
  }

  /**
   * The part of this flow a reload may resume, or null. Null once every gate is passed: a fully verified token
   * can set the password, so it must not sit in storage; a reload on the password step starts over.
   */
  snapshot(): SavedFlow | null {
    const { step, username, gatesPassed, gatesRequired } = this.state;
    if (!this.token || !savedSteps.has(step.name)) return null;
    const s: SavedFlow = {
      token: this.token,
      expiresAt: this.expiresAt,
      username,
      gatesPassed,
      gatesRequired,
      step: step as SavedFlow['step'],
      methods: this.lastMethods,
    };
    // The phone number typed as proof stays in memory only; a resend after a reload asks for it again.
    if (this.lastChallenge)
      s.challenge = { method: this.lastChallenge.method, channel: this.lastChallenge.channel };
    return s;
  }

  /** Writes the snapshot when it changed; writes are chained so a clear never overtakes an earlier save. */
  private persist(store: FlowStore<SavedFlow>): void {
    const snap = this.snapshot();
    const json = snap ? JSON.stringify(snap) : '';
    if (json === this.stored) return;
    this.stored = json;
    this.storing = this.storing.then(() => (snap ? store.save(snap) : store.clear())).catch(() => {});
  }

  /** Resolves when every write to the store so far has finished (tests, and hosts unmounting). */
  flushed(): Promise<void> {
    return this.storing;
  }

  private restore(s: SavedFlow): void {
    this.token = s.token;
    this.expiresAt = s.expiresAt;
    this.lastMethods = s.methods;
    if (s.challenge) this.lastChallenge = { ...s.challenge };
    // The code field comes back empty (nothing typed is kept); resendAt keeps the server's pacing.
    this.set({
      username: s.username,
      gatesPassed: s.gatesPassed,
      gatesRequired: s.gatesRequired,
      step: s.step,
    });
  }

  /** Runs one API call with busy/slow bookkeeping; a failure becomes the state's error. */
  private async run<T>(call: () => Promise<ApiResult<T>>): Promise<T | undefined> {
    const r = await trackedCall(call, (p) => this.set(p), this.o.slowAfterMs);
    if (r.ok) return r.data;
    this.fail(r.problem);
    return undefined;
  }

  private fail(p: Pick<ApiProblem, 'code'> & Partial<ApiProblem>): void {
    const patch: Partial<ResetState> = { busy: false, slow: false, error: flowError(p) };
    if (restartCodes.has(p.code)) {
      this.token = null;
      patch.step = { name: 'start', captchaTried: 0, solving: false };
      patch.gatesPassed = 0;
      patch.unlockAvailable = false;
    } else if (p.code === 'gate_required' && this.state.step.name === 'password') {
      patch.step = { name: 'method', methods: this.lastMethods };
    }
    this.set(patch);
    this.o.onEvent?.({ type: 'error', code: p.code });
  }

  /**
   * Loads /v1/config and shows the first step, prefilled with a username if the page gave one, or resumes the
   * flow this tab parked in the store.
   */
  async init(username = ''): Promise<void> {
    const saved = await this.o.store?.load().catch(() => null);
    this.set({ username });
    const config = await this.run(() => this.o.client.config());
    if (!config) {
      this.set({ step: { name: 'start', captchaTried: 0, solving: false } });
      return;
    }
    this.set({
      config,
      gatesRequired: config.reset.gatesRequired,
      helpdesk: helpdeskLink(config),
      step: { name: 'start', captchaTried: 0, solving: false },
    });
    if (!config.reset.enabled) this.fail({ code: 'reset_disabled' });
    else if (saved) this.restore(saved);
  }

  /** Solves the captcha and starts the flow for `username`. */
  async start(username: string): Promise<void> {
    username = username.trim();
    if (this.state.busy || !username) return;
    this.set({ username });
    let captcha = '';
    if (this.state.config?.captcha.kind !== 'none') {
      const challenge = await this.run(() => this.o.client.captcha());
      if (challenge === undefined) return;
      if (challenge) {
        const solve = this.o.solve ?? solveAltcha;
        this.solveAbort = new AbortController();
        this.set({ busy: true, step: { name: 'start', captchaTried: 0, solving: true } });
        try {
          captcha = await solve(challenge, {
            signal: this.solveAbort.signal,
            onProgress: (n) => {
              if (this.state.step.name === 'start')
                this.set({ step: { ...this.state.step, captchaTried: n } });
            },
          });
        } catch {
          if (this.state.step.name !== 'cancelled') {
            this.set({ step: { name: 'start', captchaTried: 0, solving: false } });
            this.fail({ code: 'captcha_invalid' });
          }
          return;
        }
        this.set({ step: { name: 'start', captchaTried: 0, solving: false } });
      }
    }
    const body: { username: string; captcha: string; locale?: string } = { username, captcha };
    if (this.o.locale) body.locale = this.o.locale;
    const flow = await this.run(() => this.o.client.startReset(body));
    if (!flow) return;
    this.token = flow.token;
    this.expiresAt = flow.expiresAt;
    this.set({
      gatesRequired: flow.gatesRequired,
      gatesPassed: 0,
      step: { name: 'method', methods: flow.methods },
    });
  }

  /** Picks a method: phone methods first ask for the full number; email sends a code; questions are drawn. */
  async chooseMethod(id: MethodId): Promise<void> {
    const s = this.state.step;
    if (s.name !== 'method' || this.state.busy) return;
    const method = s.methods.find((m) => m.id === id);
    if (!method) return;
    if (method.type === 'phone') {
      this.set({ error: null, step: { name: 'proof', method, channels: method.channels ?? ['sms'] } });
      return;
    }
    await this.sendChallenge(
      method,
      method.type === 'email' ? { method: id, channel: 'email' } : { method: id },
    );
  }

  /** Sends the typed full phone number as proof and asks for a code over `channel`. */
  async submitProof(proof: string, channel: Channel): Promise<void> {
    const s = this.state.step;
    if (s.name !== 'proof' || this.state.busy) return;
    await this.sendChallenge(s.method, { method: s.method.id, channel, proof: proof.trim() });
  }

  private async sendChallenge(
    method: ResetMethod,
    body: { method: MethodId; channel?: Channel; proof?: string },
  ): Promise<void> {
    const token = this.token;
    if (!token) return;
    const r = await this.run(() => this.o.client.challenge(token, body));
    if (!r) {
      const e = this.state.error;
      // A paced send keeps the code step usable: the previous code is still valid.
      if (e?.code === 'send_paced' && this.state.step.name === 'code' && e.retryAfter !== undefined)
        this.set({ step: { ...this.state.step, resendAt: this.now() + e.retryAfter * 1000 } });
      return;
    }
    this.lastChallenge = body;
    if ('questions' in r) {
      this.set({ step: { name: 'questions', questions: r.questions } });
      return;
    }
    this.set({
      step: {
        name: 'code',
        method,
        channel: r.channel,
        codeLength: r.codeLength,
        resendAt: this.now() + r.resendAfter * 1000,
        expiresAt: r.expiresAt,
      },
    });
  }

  /** Asks for a new code to the same method; the server's pacing is kept in `resendAt`. */
  async resend(): Promise<void> {
    const s = this.state.step;
    if (s.name !== 'code' || this.state.busy) return;
    if (s.method.type === 'phone' && !this.lastChallenge?.proof) {
      // Resumed after a reload, which does not keep the typed number: ask for it again.
      this.set({
        error: null,
        step: { name: 'proof', method: s.method, channels: s.method.channels ?? ['sms'] },
      });
      return;
    }
    if (!this.lastChallenge) return;
    await this.sendChallenge(s.method, this.lastChallenge);
  }

  /** Checks the code; whitespace and dashes from a paste are dropped. */
  async submitCode(code: string): Promise<void> {
    const s = this.state.step;
    if (s.name !== 'code' || this.state.busy || !this.token) return;
    const digits = code.replace(/[\s-]/g, '');
    if (!/^\d{6,10}$/.test(digits)) {
      this.set({ error: { code: 'invalid_code' } });
      return;
    }
    const method = s.method.id as Exclude<MethodId, 'questions'>;
    await this.verify({ method, code: digits });
  }

  async submitAnswers(answers: { id: string; answer: string }[]): Promise<void> {
    if (this.state.step.name !== 'questions' || this.state.busy) return;
    await this.verify({ method: 'questions', answers });
  }

  private async verify(
    body:
      | { method: Exclude<MethodId, 'questions'>; code: string }
      | { method: 'questions'; answers: { id: string; answer: string }[] },
  ): Promise<void> {
    const token = this.token;
    if (!token) return;
    const r = await this.run(() => this.o.client.verify(token, body));
    if (!r) return;
    this.set({
      gatesPassed: r.gatesPassed,
      gatesRequired: r.gatesRequired,
      unlockAvailable: r.unlockAvailable,
      step:
        r.next === 'verify'
          ? { name: 'method', methods: r.methods }
          : { name: 'password', checking: false, verdict: null },
    });
  }

  /** Goes back to the list of methods (another method, or a wrong number typed). */
  back(): void {
    const s = this.state.step;
    if (s.name !== 'proof' && s.name !== 'code' && s.name !== 'questions') return;
    // The method list is kept from the last answer that gave one; ask the view to redraw it.
    this.set({ error: null, step: { name: 'method', methods: this.lastMethods } });
  }

  /** Feeds the live rule check: debounced, with the flow token so names and history count. */
  passwordInput(password: string): void {
    if (this.state.step.name === 'password') this.live.input(password);
  }

  private verdict(): PasswordVerdict | null {
    return this.state.step.name === 'password' ? this.state.step.verdict : null;
  }

  /** Sets the new password; the two fields must match (checked here, before the network). */
  async setPassword(password: string, confirm: string): Promise<void> {
    if (this.state.step.name !== 'password' || this.state.busy || !this.token) return;
    this.live.stop();
    if (password !== confirm) {
      this.set({ error: { code: 'validation_failed' } });
      return;
    }
    const token = this.token;
    const r = await this.run(() => this.o.client.setPassword(token, password));
    if (!r) {
      const v = this.state.error?.violations;
      if (v && this.state.step.name === 'password')
        this.set({
          step: { name: 'password', checking: false, verdict: { accepted: false, violations: v } },
        });
      return;
    }
    this.finish('reset', r.unlocked);
  }

  /** Unlocks instead of resetting, offered when the last verify said `unlockAvailable`. */
  async unlock(): Promise<void> {
    if (this.state.step.name !== 'password' || !this.state.unlockAvailable || this.state.busy || !this.token)
      return;
    const token = this.token;
    const r = await this.run(() => this.o.client.unlock(token));
    if (r) this.finish('unlocked', true);
  }

  private finish(outcome: 'reset' | 'unlocked', unlocked: boolean): void {
    this.token = null;
    this.set({ step: { name: 'done', outcome, unlocked }, error: null });
    this.o.onEvent?.({ type: 'done', outcome });
  }

  /** Cancels: the server forgets the flow (best effort) and the host is told. */
  async cancel(): Promise<void> {
    this.solveAbort?.abort();
    this.live.stop();
    const token = this.token;
    this.token = null;
    this.set({ step: { name: 'cancelled' }, busy: false, error: null });
    this.o.onEvent?.({ type: 'cancel' });
    if (token) await this.o.client.cancel(token);
  }

  /** Starts over after an error that ended the flow, or after done. */
  restart(): void {
    this.token = null;
    this.set({
      step: { name: 'start', captchaTried: 0, solving: false },
      error: null,
      busy: false,
      gatesPassed: 0,
      unlockAvailable: false,
    });
  }
}
