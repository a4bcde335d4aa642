// Unit tests of the widget's reset state machine against a fake API client.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ApiProblem,
  ApiResult,
  ConfigAnswer,
  RegainClient,
  ResetMethod,
} from '../../widget/api/client.ts';
import { memoryFlowStore } from '../../widget/flows/flow-store.ts';
import { type ResetEvent, ResetMachine, type SavedFlow } from '../../widget/flows/reset-machine.ts';

const ok = <T>(data: T, status = 200): ApiResult<T> => ({ ok: true, status, data });
const bad = (code: ApiProblem['code'], extra: Partial<ApiProblem> = {}): ApiResult<never> => ({
  ok: false,
  problem: { status: 400, code, ...extra },
});

const config: ConfigAnswer = {
  organization: { name: 'Contoso', helpdesk: { url: 'https://help.contoso.example' } },
  reset: { enabled: true, gatesRequired: 1, unlockEnabled: true },
  registration: {
    enforced: false,
    reconfirmDays: 180,
    methodsRequired: 1,
    snoozeDays: 1,
    maxSnoozes: 3,
    questions: { toRegister: 3, toReset: 3, catalog: [] },
  },
  methods: ['alternateEmail', 'mobilePhone', 'questions'],
  password: { minLength: 8, maxLength: 256, rules: [] },
  captcha: { kind: 'altcha' },
  locales: ['en'],
};
const email: ResetMethod = { id: 'alternateEmail', type: 'email', hint: 'a****@p*******.example' };
const mobile: ResetMethod = {
  id: 'mobilePhone',
  type: 'phone',
  hint: '+1 ******00',
  channels: ['sms', 'voice'],
};
const questions: ResetMethod = { id: 'questions', type: 'questions', hint: '' };
const sent = {
  method: 'alternateEmail',
  channel: 'email' as const,
  expiresAt: '',
  codeLength: 8,
  resendAfter: 60,
};
const passed = (next: 'verify' | 'password', unlockAvailable = false) =>
  ok({ gatesPassed: 1, gatesRequired: next === 'verify' ? 2 : 1, next, methods: [mobile], unlockAvailable });

function fakeClient(over: Partial<RegainClient> = {}) {
  const calls: { name: string; token?: string | undefined; body?: unknown }[] = [];
  const log =
    <A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      const [first, second] = a;
      calls.push(typeof first === 'string' ? { name, token: first, body: second } : { name, body: first });
      return f(...a);
    };
  // Only the reset calls: the machine makes no others.
  const base: Partial<RegainClient> = {
    config: async () => ok(config),
    captcha: async () =>
      ok({ parameters: { algorithm: 'PBKDF2/SHA-256', nonce: '', salt: '', cost: 1, keyPrefix: '' } }),
    startReset: async () =>
      ok(
        {
          token: 'T',
          expiresAt: '',
          gatesRequired: 1,
          gatesPassed: 0 as const,
          methods: [email, mobile, questions],
        },
        201,
      ),
    challenge: async () => ok(sent, 202),
    verify: async () => passed('password'),
    setPassword: async () => ok({ status: 'reset' as const, unlocked: true }),
    unlock: async () => ok({ status: 'unlocked' as const }),
    cancel: async () => ok(null, 204),
    checkPassword: async () => ok({ accepted: true, violations: [] }),
  };
  const merged = { ...base, ...over };
  const client = Object.fromEntries(
    Object.entries(merged).map(([k, f]) => [k, log(k, f as (...a: unknown[]) => Promise<unknown>)]),
  ) as unknown as RegainClient;
  return { client, calls };
}

async function machine(over: Partial<RegainClient> = {}) {
  const { client, calls } = fakeClient(over);
  const events: ResetEvent[] = [];
  const m = new ResetMachine({
    client,
    locale: 'en',
    solve: async () => 'solved',
    now: () => 1_000_000,
    onEvent: (e) => events.push(e),
  });
  await m.init();
  return { m, calls, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('reset machine', () => {
  it('walks a one-gate email reset to done and sends the token as the flow credential', async () => {
    const { m, calls, events } = await machine();
    expect(m.state.step.name).toBe('start');
    expect(m.state.helpdesk).toBe('https://help.contoso.example');
    await m.start('  alice ');
    expect(calls.find((c) => c.name === 'startReset')?.body).toEqual({
      username: 'alice',
      captcha: 'solved',
      locale: 'en',
    });
    expect(m.state.step).toMatchObject({ name: 'method' });
    await m.chooseMethod('alternateEmail');
    expect(calls.at(-1)).toEqual({
      name: 'challenge',
      token: 'T',
      body: { method: 'alternateEmail', channel: 'email' },
    });
    expect(m.state.step).toMatchObject({ name: 'code', codeLength: 8, resendAt: 1_000_000 + 60_000 });
    await m.submitCode('1234 5678');
    expect(calls.at(-1)).toEqual({
      name: 'verify',
      token: 'T',
      body: { method: 'alternateEmail', code: '12345678' },
    });
    expect(m.state.step.name).toBe('password');
    await m.setPassword('Correct-Horse-9', 'Correct-Horse-9');
    expect(calls.at(-1)).toMatchObject({ name: 'setPassword', token: 'T', body: 'Correct-Horse-9' });
    expect(m.state.step).toEqual({ name: 'done', outcome: 'reset', unlocked: true });
    expect(events).toEqual([{ type: 'done', outcome: 'reset' }]);
  });

  it('asks for the full phone number before a phone code and sends it as proof', async () => {
    const { m, calls } = await machine({
      challenge: async () =>
        ok({ ...sent, method: 'mobilePhone', channel: 'voice' as const, codeLength: 6 }, 202),
    });
    await m.start('alice');
    await m.chooseMethod('mobilePhone');
    expect(m.state.step).toMatchObject({ name: 'proof', channels: ['sms', 'voice'] });
    expect(calls.some((c) => c.name === 'challenge')).toBe(false);
    await m.submitProof(' +1 425 555 0100 ', 'voice');
    expect(calls.at(-1)?.body).toEqual({ method: 'mobilePhone', channel: 'voice', proof: '+1 425 555 0100' });
    expect(m.state.step).toMatchObject({ name: 'code', channel: 'voice', codeLength: 6 });
  });

  it('keeps the proof step on proof_mismatch and shows the error with the helpdesk', async () => {
    const { m, events } = await machine({ challenge: async () => bad('proof_mismatch') });
    await m.start('alice');
    await m.chooseMethod('mobilePhone');
    await m.submitProof('+15550000000', 'sms');
    expect(m.state.step.name).toBe('proof');
    expect(m.state.error).toEqual({ code: 'proof_mismatch' });
    expect(m.state.helpdesk).not.toBeNull();
    expect(events).toEqual([{ type: 'error', code: 'proof_mismatch' }]);
  });

  it('answers drawn questions', async () => {
    const drawn = [{ id: 'q1', text: 'First pet?' }];
    const { m, calls } = await machine({
      challenge: async () => ok({ method: 'questions' as const, questions: drawn }),
    });
    await m.start('alice');
    await m.chooseMethod('questions');
    expect(m.state.step).toEqual({ name: 'questions', questions: drawn });
    await m.submitAnswers([{ id: 'q1', answer: 'Rex' }]);
    expect(calls.at(-1)?.body).toEqual({ method: 'questions', answers: [{ id: 'q1', answer: 'Rex' }] });
    expect(m.state.step.name).toBe('password');
  });

  it('asks for a second gate when verify says next: verify, and offers unlock when available', async () => {
    let n = 0;
    const { m } = await machine({
      verify: async () => (n++ === 0 ? passed('verify') : { ...passed('password', true) }),
    });
    await m.start('dave');
    await m.chooseMethod('alternateEmail');
    await m.submitCode('12345678');
    expect(m.state.step).toEqual({ name: 'method', methods: [mobile] });
    expect(m.state.gatesRequired).toBe(2);
    await m.chooseMethod('mobilePhone');
    await m.submitProof('+14255550100', 'sms');
    await m.submitCode('123456');
    expect(m.state.step.name).toBe('password');
    expect(m.state.unlockAvailable).toBe(true);
    await m.unlock();
    expect(m.state.step).toEqual({ name: 'done', outcome: 'unlocked', unlocked: true });
  });

  it('shows attempts left on a wrong code and stays on the code step', async () => {
    const { m } = await machine({ verify: async () => bad('invalid_code', { attemptsLeft: 3 }) });
    await m.start('alice');
    await m.chooseMethod('alternateEmail');
    await m.submitCode('00000000');
    expect(m.state.step.name).toBe('code');
    expect(m.state.error).toEqual({ code: 'invalid_code', attemptsLeft: 3 });
  });

  it('refuses a malformed code locally', async () => {
    const { m, calls } = await machine();
    await m.start('alice');
    await m.chooseMethod('alternateEmail');
    await m.submitCode('12ab');
    expect(m.state.error?.code).toBe('invalid_code');
    expect(calls.some((c) => c.name === 'verify')).toBe(false);
  });

  it('moves the resend time to the server pacing on send_paced', async () => {
    let n = 0;
    const { m } = await machine({
      challenge: async () => (n++ === 0 ? ok(sent, 202) : bad('send_paced', { retryAfter: 42 })),
    });
    await m.start('alice');
    await m.chooseMethod('alternateEmail');
    await m.resend();
    expect(m.state.step).toMatchObject({ name: 'code', resendAt: 1_000_000 + 42_000 });
    expect(m.state.error).toEqual({ code: 'send_paced', retryAfter: 42 });
  });

  it('goes back to the start when the flow expired', async () => {
    const { m } = await machine({ verify: async () => bad('flow_expired') });
    await m.start('alice');
    await m.chooseMethod('alternateEmail');
    await m.submitCode('12345678');
    expect(m.state.step.name).toBe('start');
    expect(m.state.error?.code).toBe('flow_expired');
    expect(m.state.username).toBe('alice');
  });

  it('maps throttled with retryAfter and captcha failures', async () => {
    const { m } = await machine({ startReset: async () => bad('throttled', { retryAfter: 3600 }) });
    await m.start('alice');
    expect(m.state.step.name).toBe('start');
    expect(m.state.error).toEqual({ code: 'throttled', retryAfter: 3600 });
    const failing = new ResetMachine({
      client: fakeClient().client,
      solve: async () => {
        throw new Error('no');
      },
    });
    await failing.init();
    await failing.start('alice');
    expect(failing.state.error?.code).toBe('captcha_invalid');
  });

  it('skips the captcha when the service says none', async () => {
    const { m, calls } = await machine({
      config: async () => ok({ ...config, captcha: { kind: 'none' as const } }),
    });
    await m.start('alice');
    expect(calls.some((c) => c.name === 'captcha')).toBe(false);
    expect(calls.find((c) => c.name === 'startReset')?.body).toMatchObject({ captcha: '' });
  });

  it('debounces the live password check and sends the flow token', async () => {
    vi.useFakeTimers();
    const verdict = {
      accepted: false,
      violations: [{ rule: 'length', params: { min: 8 }, message: 'short' }],
    };
    const { m, calls } = await machine({ checkPassword: async () => ok(verdict) });
    await m.start('alice');
    await m.chooseMethod('alternateEmail');
    await m.submitCode('12345678');
    m.passwordInput('a');
    m.passwordInput('ab');
    m.passwordInput('abc');
    expect(calls.filter((c) => c.name === 'checkPassword')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(350);
    const checks = calls.filter((c) => c.name === 'checkPassword');
    expect(checks).toEqual([{ name: 'checkPassword', body: { password: 'abc', username: 'alice' } }]);
    expect(m.state.step).toEqual({ name: 'password', checking: false, verdict });
  });

  it('checks the confirmation locally and shows password_rejected violations from the server', async () => {
    const violations = [{ rule: 'common_password' as const, params: {}, message: 'common' }];
    const { m } = await machine({ setPassword: async () => bad('password_rejected', { violations }) });
    await m.start('alice');
    await m.chooseMethod('alternateEmail');
    await m.submitCode('12345678');
    await m.setPassword('a', 'b');
    expect(m.state.error?.code).toBe('validation_failed');
    await m.setPassword('password1', 'password1');
    expect(m.state.error).toEqual({ code: 'password_rejected', violations });
    expect(m.state.step).toMatchObject({ name: 'password', verdict: { accepted: false, violations } });
  });

  it('marks a call slow after ten seconds', async () => {
    vi.useFakeTimers();
    let release: () => void = () => {};
    const { m } = await machine({
      startReset: () =>
        new Promise((r) => {
          release = () =>
            r(
              ok(
                { token: 'T', expiresAt: '', gatesRequired: 1, gatesPassed: 0 as const, methods: [email] },
                201,
              ),
            );
        }),
    });
    const started = m.start('alice');
    await vi.advanceTimersByTimeAsync(10_001);
    expect(m.state.slow).toBe(true);
    release();
    await started;
    expect(m.state.slow).toBe(false);
  });

  it('cancels: tells the server and the host', async () => {
    const { m, calls, events } = await machine();
    await m.start('alice');
    await m.cancel();
    expect(m.state.step.name).toBe('cancelled');
    expect(calls.at(-1)).toMatchObject({ name: 'cancel', token: 'T' });
    expect(events).toEqual([{ type: 'cancel' }]);
  });
});

describe('reset machine: resuming after a reload', () => {
  const expiresAt = '2999-01-01T00:00:00.000Z';
  const startReset = async () =>
    ok({ token: 'T', expiresAt, gatesRequired: 1, gatesPassed: 0 as const, methods: [email, mobile] }, 201);

  /** A machine as a page load makes it: a new instance over the tab's store. */
  async function load(
    store: ReturnType<typeof memoryFlowStore<SavedFlow>>,
    over: Partial<RegainClient> = {},
  ) {
    const { client, calls } = fakeClient({ startReset, ...over });
    const events: ResetEvent[] = [];
    const m = new ResetMachine({
      client,
      store,
      solve: async () => 'solved',
      now: () => 1_000_000,
      onEvent: (e) => events.push(e),
    });
    await m.init('prefilled');
    return { m, calls, events };
  }

  it('resumes at the code step with the same token, an empty code and the server pacing', async () => {
    const store = memoryFlowStore<SavedFlow>();
    const first = await load(store);
    await first.m.start('alice');
    await first.m.chooseMethod('alternateEmail');
    await first.m.flushed();
    expect(store.raw()).toMatchObject({ token: 'T', expiresAt, step: { name: 'code' } });

    const { m, calls } = await load(store);
    expect(calls.some((c) => c.name === 'startReset' || c.name === 'challenge')).toBe(false);
    expect(m.state.username).toBe('alice');
    expect(m.state.step).toEqual({
      name: 'code',
      method: email,
      channel: 'email',
      codeLength: 8,
      resendAt: 1_000_000 + 60_000,
      expiresAt: '',
    });
    await m.resend();
    expect(calls.at(-1)).toEqual({
      name: 'challenge',
      token: 'T',
      body: { method: 'alternateEmail', channel: 'email' },
    });
    m.back();
    expect(m.state.step).toEqual({ name: 'method', methods: [email, mobile] });
    await m.chooseMethod('alternateEmail');
    await m.submitCode('12345678');
    expect(calls.at(-1)).toMatchObject({ name: 'verify', token: 'T' });
    expect(m.state.step.name).toBe('password');
  });

  it('asks for the phone number again when a resumed phone code is resent', async () => {
    const store = memoryFlowStore<SavedFlow>();
    const phoneSent = async () =>
      ok({ ...sent, method: 'mobilePhone', channel: 'sms' as const, codeLength: 6 }, 202);
    const first = await load(store, { challenge: phoneSent });
    await first.m.start('alice');
    await first.m.chooseMethod('mobilePhone');
    await first.m.submitProof('+14255550100', 'sms');
    await first.m.flushed();
    expect(JSON.stringify(store.raw())).not.toContain('4255550100');

    const { m, calls } = await load(store, { challenge: phoneSent });
    expect(m.state.step).toMatchObject({ name: 'code', channel: 'sms', codeLength: 6 });
    await m.resend();
    expect(calls.some((c) => c.name === 'challenge')).toBe(false);
    expect(m.state.step).toMatchObject({ name: 'proof', method: mobile });
    await m.submitProof('+14255550100', 'sms');
    expect(calls.at(-1)?.body).toEqual({ method: 'mobilePhone', channel: 'sms', proof: '+14255550100' });
  });

  it('empties the store on the password step, so a reload there starts over', async () => {
    const store = memoryFlowStore<SavedFlow>();
    const first = await load(store);
    await first.m.start('alice');
    await first.m.chooseMethod('alternateEmail');
    await first.m.submitCode('12345678');
    expect(first.m.state.step.name).toBe('password');
    await first.m.flushed();
    expect(store.raw()).toBeNull();
    const { m } = await load(store);
    expect(m.state.step.name).toBe('start');
    expect(m.state.username).toBe('prefilled');
  });

  it('keeps the flow between two gates with the gate count', async () => {
    const store = memoryFlowStore<SavedFlow>();
    const first = await load(store, { verify: async () => passed('verify') });
    await first.m.start('dave');
    await first.m.chooseMethod('alternateEmail');
    await first.m.submitCode('12345678');
    await first.m.flushed();
    const { m } = await load(store);
    expect(m.state).toMatchObject({
      gatesPassed: 1,
      gatesRequired: 2,
      step: { name: 'method', methods: [mobile] },
    });
  });

  it('clears the store on cancel and on done', async () => {
    const store = memoryFlowStore<SavedFlow>();
    const a = await load(store);
    await a.m.start('alice');
    await a.m.flushed();
    expect(store.raw()).not.toBeNull();
    await a.m.cancel();
    await a.m.flushed();
    expect(store.raw()).toBeNull();

    const b = await load(store);
    await b.m.start('alice');
    await b.m.chooseMethod('alternateEmail');
    await b.m.flushed();
    const c = await load(store);
    expect(c.m.state.step.name).toBe('code');
    await c.m.submitCode('12345678');
    await c.m.setPassword('Correct-Horse-9', 'Correct-Horse-9');
    expect(c.events).toEqual([{ type: 'done', outcome: 'reset' }]);
    await c.m.flushed();
    expect(store.raw()).toBeNull();
  });

  it('forgets a resumed flow the server says has expired', async () => {
    const store = memoryFlowStore<SavedFlow>();
    const first = await load(store);
    await first.m.start('alice');
    await first.m.flushed();
    const { m } = await load(store, { challenge: async () => bad('flow_expired') });
    await m.chooseMethod('alternateEmail');
    expect(m.state.step.name).toBe('start');
    await m.flushed();
    expect(store.raw()).toBeNull();
  });

  it('ignores an expired record', async () => {
    const store = memoryFlowStore<SavedFlow>();
    const first = await load(store, {
      startReset: async () =>
        ok(
          {
            token: 'T',
            expiresAt: '2000-01-01T00:00:00Z',
            gatesRequired: 1,
            gatesPassed: 0 as const,
            methods: [email],
          },
          201,
        ),
    });
    await first.m.start('alice');
    await first.m.flushed();
    const { m } = await load(store);
    expect(m.state.step.name).toBe('start');
  });
});
