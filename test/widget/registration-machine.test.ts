// Unit tests of the widget's registration state machine (prompt and flow) against a fake API client.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ApiProblem,
  ApiResult,
  ConfigAnswer,
  RegainClient,
  RegisteredMethod,
  Registration,
  RegistrationStatus,
} from '../../widget/api/client.ts';
import { type RegEvent, RegistrationMachine } from '../../widget/flows/registration-machine.ts';

const ok = <T>(data: T, status = 200): ApiResult<T> => ({ ok: true, status, data });
const bad = (code: ApiProblem['code'], extra: Partial<ApiProblem> = {}): ApiResult<never> => ({
  ok: false,
  problem: { status: 400, code, ...extra },
});

const catalog = [
  { id: 'q1', text: 'First pet?' },
  { id: 'q2', text: 'Birth city?' },
  { id: 'q3', text: 'First school?' },
  { id: 'q4', text: 'Favourite food?' },
];
const config: ConfigAnswer = {
  organization: { name: 'Contoso', helpdesk: { email: 'helpdesk@contoso.example' } },
  reset: { enabled: true, gatesRequired: 1, unlockEnabled: true },
  registration: {
    enforced: true,
    reconfirmDays: 180,
    methodsRequired: 1,
    snoozeDays: 1,
    maxSnoozes: 3,
    questions: { toRegister: 3, toReset: 3, catalog },
  },
  methods: ['alternateEmail', 'mobilePhone', 'officePhone', 'questions'],
  password: { minLength: 8, maxLength: 256, rules: [] },
  captcha: { kind: 'none' },
  locales: ['en'],
};
const status = (over: Partial<RegistrationStatus> = {}): RegistrationStatus => ({
  configured: false,
  prompt: 'optional',
  reconfirmDue: false,
  methodsRegistered: 0,
  methodsRequired: 1,
  snoozesLeft: 2,
  snoozedUntil: null,
  ...over,
});
const email: RegisteredMethod = {
  id: 'alternateEmail',
  type: 'email',
  hint: 'b**@p*******.example',
  verifiedAt: '2026-01-01T00:00:00.000Z',
  source: 'user',
  usableForResetAt: null,
};
const view = (over: Partial<Registration> = {}): Registration => ({
  status: status(),
  methods: [],
  questions: { registered: 0, required: 3 },
  etag: '"v1"',
  ...over,
});

type Call = { name: string; args: unknown[] };

function fakeClient(over: Partial<RegainClient> = {}) {
  const calls: Call[] = [];
  const notUsed = async () => bad('internal_error');
  const base: RegainClient = {
    config: async () => ok(config),
    captcha: notUsed,
    startReset: notUsed,
    challenge: notUsed,
    verify: notUsed,
    setPassword: notUsed,
    unlock: notUsed,
    cancel: notUsed,
    checkPassword: notUsed,
    changePassword: notUsed,
    openSession: async () =>
      ok({ token: 'S', expiresAt: '', user: { displayName: 'Carol Smith' }, status: status() }, 201),
    registration: async () => ok(view()),
    stepUp: async (_t, b) => ok({ method: b.method, expiresAt: '', codeLength: 8 }, 202),
    stepUpVerify: async () => ok({ steppedUp: true as const }),
    addMethod: async (_t, b) =>
      ok({ pendingId: `p-${b.id}`, expiresAt: '', codeLength: b.id === 'alternateEmail' ? 8 : 6 }, 202),
    verifyMethod: async () => ok({ method: email }),
    deleteMethod: async () => ok(null, 204),
    putQuestions: async () => ok({ questions: { registered: 3, required: 3 } }),
    confirm: async () => ok({ status: status({ configured: true, prompt: 'none' }) }),
    snooze: async () => ok({ status: status({ prompt: 'none', snoozesLeft: 1 }) }),
  };
  const merged = { ...base, ...over };
  const client = Object.fromEntries(
    Object.entries(merged).map(([k, f]) => [
      k,
      (...args: unknown[]) => {
        calls.push({ name: k, args });
        return (f as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as RegainClient;
  return { client, calls };
}

async function machine(
  over: Partial<RegainClient> = {},
  o: { mode?: 'prompt' | 'manage'; ticket?: string; username?: string } = {},
) {
  const { client, calls } = fakeClient(over);
  const events: RegEvent[] = [];
  const m = new RegistrationMachine({ client, mode: o.mode ?? 'manage', onEvent: (e) => events.push(e) });
  // Flow tests start from a ticket's session unless they pass `ticket: undefined` to sign in.
  const ticket = 'ticket' in o ? o.ticket : 'TICKET-0123456789abcdef';
  await m.init({ ...(ticket ? { ticket } : {}), username: o.username ?? '' });
  const named = (name: string) => calls.filter((c) => c.name === name);
  return { m, calls, named, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('registration prompt', () => {
  it('offers "register now" and "remind me later (N left)" when optional, and snoozing ends the flow', async () => {
    const { m, named, events } = await machine({}, { mode: 'prompt', ticket: 'TICKET-0123456789abcdef' });
    expect(named('openSession')[0]?.args).toEqual([{ ticket: 'TICKET-0123456789abcdef' }]);
    expect(m.state.step).toEqual({ name: 'prompt', required: false, snoozesLeft: 2 });
    expect(m.dismissible).toBe(true);
    await m.snooze();
    expect(named('snooze')[0]?.args[0]).toBe('S');
    expect(m.state.step).toEqual({ name: 'done', outcome: 'snoozed' });
    expect(events).toEqual([{ type: 'done', outcome: 'snoozed' }]);
  });

  it('turns into a required prompt on snooze_exhausted', async () => {
    const { m, events } = await machine(
      { snooze: async () => ({ ok: false, problem: { status: 409, code: 'snooze_exhausted' } }) },
      { mode: 'prompt', ticket: 'TICKET-0123456789abcdef' },
    );
    await m.snooze();
    expect(m.state.step).toEqual({ name: 'prompt', required: true, snoozesLeft: 0 });
    expect(m.state.error).toEqual({ code: 'snooze_exhausted' });
    expect(m.state.helpdesk).toBe('mailto:helpdesk@contoso.example');
    expect(events).toEqual([{ type: 'error', code: 'snooze_exhausted' }]);
  });

  it('offers no dismissal when required and leads into the flow on "register now"', async () => {
    const { m, named } = await machine(
      {
        openSession: async () =>
          ok(
            { token: 'S', expiresAt: '', user: { displayName: 'C' }, status: status({ prompt: 'required' }) },
            201,
          ),
      },
      { mode: 'prompt', ticket: 'TICKET-0123456789abcdef' },
    );
    expect(m.state.step).toMatchObject({ name: 'prompt', required: true });
    expect(m.dismissible).toBe(false);
    await m.snooze();
    expect(named('snooze')).toHaveLength(0);
    await m.registerNow();
    expect(m.state.step.name).toBe('overview');
    expect(m.state.registration?.etag).toBe('"v1"');
  });

  it('ends at once with outcome none when nothing is due', async () => {
    const { m, events } = await machine(
      {
        openSession: async () =>
          ok(
            { token: 'S', expiresAt: '', user: { displayName: 'C' }, status: status({ prompt: 'none' }) },
            201,
          ),
      },
      { mode: 'prompt', ticket: 'TICKET-0123456789abcdef' },
    );
    expect(m.state.step).toEqual({ name: 'done', outcome: 'none' });
    expect(events).toEqual([{ type: 'done', outcome: 'none' }]);
  });
});

describe('registration flow', () => {
  it('signs in with the password; a wrong one stays on sign-in with unauthorized', async () => {
    let n = 0;
    const { m, named } = await machine(
      {
        openSession: async () =>
          n++ === 0
            ? { ok: false, problem: { status: 401, code: 'unauthorized' } }
            : ok({ token: 'S', expiresAt: '', user: { displayName: 'Carol Smith' }, status: status() }, 201),
      },
      { username: 'carol', ticket: undefined },
    );
    expect(m.state.step.name).toBe('signin');
    expect(m.state.username).toBe('carol');
    await m.signIn('carol', 'wrong');
    expect(m.state.step.name).toBe('signin');
    expect(m.state.error).toEqual({ code: 'unauthorized' });
    await m.signIn(' carol ', 'Violet-Anchor-19');
    expect(named('openSession')[1]?.args).toEqual([{ username: 'carol', password: 'Violet-Anchor-19' }]);
    expect(m.state.step.name).toBe('overview');
    expect(m.state.displayName).toBe('Carol Smith');
    expect(named('registration')[0]?.args).toEqual(['S']);
  });

  it('opens a session with a ticket at once and falls back to sign-in when the ticket is spent', async () => {
    const good = await machine({}, { ticket: 'TICKET-0123456789abcdef' });
    expect(good.m.state.step.name).toBe('overview');
    const spent = await machine(
      { openSession: async () => ({ ok: false, problem: { status: 401, code: 'unauthorized' } }) },
      { ticket: 'TICKET-0123456789abcdef' },
    );
    expect(spent.m.state.step.name).toBe('signin');
    expect(spent.m.state.error?.code).toBe('unauthorized');
  });

  it('stays open while a reset would work but the policy still asks for a backup method', async () => {
    let added = false;
    const { m, events } = await machine({
      registration: async () =>
        ok(
          added
            ? view({
                status: status({ configured: true, methodsRegistered: 1, methodsRequired: 2 }),
                methods: [email],
              })
            : view({ status: status({ methodsRequired: 2 }) }),
        ),
      verifyMethod: async () => {
        added = true;
        return ok({ method: email });
      },
    });
    m.openAdd('alternateEmail');
    await m.submitAdd('bob@personal.example');
    await m.submitAddCode('12345678');
    expect(m.state.step.name).toBe('overview');
    expect(events).toEqual([]);
  });

  it('adds and verifies an alternate email under the ETag, and ends once configured', async () => {
    let configured = false;
    const { m, named, events } = await machine({
      registration: async () =>
        ok(
          configured
            ? view({
                status: status({ configured: true, prompt: 'none', methodsRegistered: 1 }),
                methods: [email],
                etag: '"v2"',
              })
            : view(),
        ),
      verifyMethod: async () => {
        configured = true;
        return ok({ method: email });
      },
    });
    m.openAdd('alternateEmail');
    expect(m.state.step).toEqual({ name: 'add', id: 'alternateEmail' });
    await m.submitAdd(' bob@personal.example ');
    expect(named('addMethod')[0]?.args).toEqual([
      'S',
      { id: 'alternateEmail', email: 'bob@personal.example' },
    ]);
    expect(m.state.step).toEqual({
      name: 'addCode',
      id: 'alternateEmail',
      to: 'bob@personal.example',
      channel: 'email',
      codeLength: 8,
    });
    await m.submitAddCode('1234-5678');
    expect(named('verifyMethod')[0]?.args).toEqual([
      'S',
      { pendingId: 'p-alternateEmail', code: '12345678' },
      '"v1"',
    ]);
    expect(m.state.registration?.etag).toBe('"v2"');
    expect(m.state.step).toEqual({ name: 'done', outcome: 'registered' });
    expect(events).toEqual([{ type: 'done', outcome: 'registered' }]);
  });

  it('adds a mobile phone by voice and an office phone, resending a code on request', async () => {
    const { m, named } = await machine();
    m.openAdd('mobilePhone');
    await m.submitAdd('+1 425 555 0199', 'voice');
    expect(named('addMethod')[0]?.args[1]).toEqual({
      id: 'mobilePhone',
      phone: '+1 425 555 0199',
      channel: 'voice',
    });
    expect(m.state.step).toMatchObject({ name: 'addCode', channel: 'voice', codeLength: 6 });
    await m.resendAdd();
    expect(named('addMethod')).toHaveLength(2);
    await m.submitAddCode('123456');
    expect(named('verifyMethod')[0]?.args[1]).toEqual({ pendingId: 'p-mobilePhone', code: '123456' });
    expect(m.state.step.name).toBe('overview');
    m.openAdd('officePhone');
    await m.submitAdd('+14255550111');
    expect(named('addMethod')[2]?.args[1]).toEqual({ id: 'officePhone', phone: '+14255550111' });
    expect(m.state.step).toMatchObject({ name: 'addCode', channel: 'voice' });
  });

  it('keeps the code step on a wrong code and refuses a malformed one locally', async () => {
    const { m, named } = await machine({
      verifyMethod: async () => bad('invalid_code', { attemptsLeft: 2 }),
    });
    m.openAdd('alternateEmail');
    await m.submitAdd('x@example.org');
    await m.submitAddCode('12ab');
    expect(m.state.error).toEqual({ code: 'invalid_code' });
    expect(named('verifyMethod')).toHaveLength(0);
    await m.submitAddCode('00000000');
    expect(m.state.step.name).toBe('addCode');
    expect(m.state.error).toEqual({ code: 'invalid_code', attemptsLeft: 2 });
  });

  it('steps up on step_up_required with a method on file, then retries the change', async () => {
    let steppedUp = false;
    const { m, named } = await machine({
      registration: async () => ok(view({ methods: [email], status: status({ configured: true }) })),
      addMethod: async () =>
        steppedUp
          ? ok({ pendingId: 'p1', expiresAt: '', codeLength: 6 }, 202)
          : { ok: false, problem: { status: 403, code: 'step_up_required' } },
      stepUpVerify: async () => {
        steppedUp = true;
        return ok({ steppedUp: true as const });
      },
    });
    m.openAdd('mobilePhone');
    await m.submitAdd('+14255550199');
    expect(m.state.step).toEqual({ name: 'stepUp', methods: [email] });
    expect(m.state.error).toBeNull();
    await m.chooseStepUp('alternateEmail');
    expect(named('stepUp')[0]?.args).toEqual(['S', { method: 'alternateEmail' }]);
    expect(m.state.step).toMatchObject({ name: 'stepUpCode', channel: 'email', codeLength: 8 });
    await m.submitStepUpCode('87654321');
    expect(named('stepUpVerify')[0]?.args).toEqual(['S', { method: 'alternateEmail', code: '87654321' }]);
    expect(named('addMethod')).toHaveLength(2);
    expect(named('addMethod')[1]?.args[1]).toEqual({
      id: 'mobilePhone',
      phone: '+14255550199',
      channel: 'sms',
    });
    expect(m.state.step).toMatchObject({ name: 'addCode', id: 'mobilePhone' });
  });

  it('deletes only methods the user registered, stepping up first when asked', async () => {
    const admin: RegisteredMethod = {
      ...email,
      id: 'officePhone',
      type: 'phone',
      hint: '+1 ***01',
      source: 'admin',
    };
    let n = 0;
    const { m, named } = await machine({
      registration: async () => ok(view({ methods: [email, admin] })),
      deleteMethod: async () =>
        n++ === 0 ? { ok: false, problem: { status: 403, code: 'step_up_required' } } : ok(null, 204),
    });
    await m.remove('officePhone');
    expect(named('deleteMethod')).toHaveLength(0);
    await m.remove('alternateEmail');
    expect(m.state.step.name).toBe('stepUp');
    await m.chooseStepUp('officePhone');
    expect(named('stepUp')[0]?.args[1]).toEqual({ method: 'officePhone' });
    expect(m.state.step).toMatchObject({ name: 'stepUpCode', channel: 'voice' });
    await m.submitStepUpCode('123456');
    expect(named('deleteMethod').map((c) => c.args)).toEqual([
      ['S', 'alternateEmail', '"v1"'],
      ['S', 'alternateEmail', '"v1"'],
    ]);
    expect(m.state.step.name).toBe('overview');
  });

  it('registers distinct questions from the catalog and checks them locally first', async () => {
    const { m, named } = await machine();
    m.openQuestions();
    expect(m.state.step).toEqual({ name: 'questions', catalog, count: 3 });
    await m.submitQuestions([
      { questionId: 'q1', answer: 'Biscuit' },
      { questionId: 'q1', answer: 'Seattle' },
      { questionId: 'q3', answer: 'Lincoln' },
    ]);
    expect(m.state.error).toEqual({ code: 'validation_failed' });
    await m.submitQuestions([
      { questionId: 'q1', answer: 'Biscuit' },
      { questionId: 'q2', answer: 'biscuit' },
      { questionId: 'q3', answer: 'Lincoln' },
    ]);
    expect(m.state.error).toEqual({ code: 'validation_failed' });
    await m.submitQuestions([
      { questionId: 'q1', answer: 'Biscuit' },
      { questionId: 'q2', answer: 'Yo' },
      { questionId: 'q3', answer: 'Lincoln' },
    ]);
    expect(named('putQuestions')).toHaveLength(0);
    await m.submitQuestions([
      { questionId: 'q1', answer: ' Biscuit ' },
      { questionId: 'q2', answer: 'Seattle' },
      { questionId: 'q4', answer: 'Lasagne' },
    ]);
    expect(named('putQuestions')[0]?.args).toEqual([
      'S',
      [
        { questionId: 'q1', answer: 'Biscuit' },
        { questionId: 'q2', answer: 'Seattle' },
        { questionId: 'q4', answer: 'Lasagne' },
      ],
      '"v1"',
    ]);
    expect(m.state.step.name).toBe('overview');
    expect(named('registration')).toHaveLength(2);
  });

  it('confirms "my info is still right" and ends with confirmed', async () => {
    const { m, named, events } = await machine({
      registration: async () =>
        ok(view({ methods: [email], status: status({ configured: true, reconfirmDue: true }) })),
    });
    await m.confirm();
    expect(named('confirm')[0]?.args).toEqual(['S', '"v1"']);
    expect(m.state.step).toEqual({ name: 'done', outcome: 'confirmed' });
    expect(events).toEqual([{ type: 'done', outcome: 'confirmed' }]);
  });

  it('reloads on an ETag conflict and shows registration_changed on the overview', async () => {
    let version = 1;
    const { m, named, events } = await machine({
      registration: async () => ok(view({ etag: `"v${version}"` })),
      confirm: async (_t, ifMatch) =>
        ifMatch === `"v${version}"`
          ? ok({ status: status({ configured: true }) })
          : { ok: false, problem: { status: 409, code: 'registration_changed' } },
    });
    version = 2; // changed elsewhere after we loaded
    await m.confirm();
    expect(named('confirm')[0]?.args[1]).toBe('"v1"');
    expect(m.state.step.name).toBe('overview');
    expect(m.state.error).toEqual({ code: 'registration_changed' });
    expect(m.state.registration?.etag).toBe('"v2"');
    expect(events).toEqual([{ type: 'error', code: 'registration_changed' }]);
    await m.confirm();
    expect(named('confirm')[1]?.args[1]).toBe('"v2"');
    expect(m.state.step).toEqual({ name: 'done', outcome: 'confirmed' });
  });

  it('goes back to sign-in when the session has ended', async () => {
    const { m } = await machine({
      addMethod: async () => ({ ok: false, problem: { status: 401, code: 'unauthorized' } }),
    });
    m.openAdd('alternateEmail');
    await m.submitAdd('x@example.org');
    expect(m.state.step.name).toBe('signin');
    expect(m.state.error?.code).toBe('unauthorized');
  });

  it('maps throttling with retryAfter and marks a call slow after ten seconds', async () => {
    vi.useFakeTimers();
    let release: () => void = () => {};
    const { m } = await machine({
      addMethod: () =>
        new Promise((r) => {
          release = () => r(bad('throttled', { retryAfter: 900 }));
        }),
    });
    m.openAdd('alternateEmail');
    const sent = m.submitAdd('x@example.org');
    await vi.advanceTimersByTimeAsync(10_001);
    expect(m.state.slow).toBe(true);
    expect(m.state.busy).toBe(true);
    release();
    await sent;
    expect(m.state.slow).toBe(false);
    expect(m.state.step.name).toBe('add');
    expect(m.state.error).toEqual({ code: 'throttled', retryAfter: 900 });
  });

  it('finishes on "done" only when configured, and cancels', async () => {
    const configured = await machine({
      registration: async () => ok(view({ methods: [email], status: status({ configured: true }) })),
    });
    configured.m.finishNow();
    expect(configured.events).toEqual([{ type: 'done', outcome: 'registered' }]);
    const fresh = await machine();
    fresh.m.finishNow();
    expect(fresh.m.state.step.name).toBe('overview');
    fresh.m.cancel();
    expect(fresh.m.state.step.name).toBe('cancelled');
    expect(fresh.events).toEqual([{ type: 'cancel' }]);
  });
});
