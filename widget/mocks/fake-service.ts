// An in-memory stand-in for the service's public reset API (rules only, no HTTP), walked by msw handlers in UI tests and offline demos.
import type { Channel } from '../../api/methods.ts';
import { methods } from '../../api/methods.ts';
import type { ProblemCode, Violation } from '../../api/problems.ts';
import type { ConfigAnswer, ResetMethod } from '../../api/reset.ts';
import { fakeAltcha } from './fake-altcha.ts';

type MethodId = ResetMethod['id'];

export interface FakeUser {
  username: string;
  alternateEmail?: string;
  /** E.164, e.g. +14255550100. */
  mobilePhone?: string;
  officePhone?: string;
  questions?: { id: string; text: string; answer: string }[];
  locked?: boolean;
  /** The current password (the `history` rule refuses it). */
  password?: string;
}

export interface FakeServiceOptions {
  users?: FakeUser[];
  gatesRequired?: number;
  captcha?: 'altcha' | 'none';
  organization?: string;
  helpdesk?: { url?: string; email?: string };
  now?: () => number;
}

/** What a call answers: a status and a JSON body; `problem` marks an RFC 9457 error. */
export interface Answer {
  status: number;
  body?: unknown;
  problem?: boolean;
}

interface Flow {
  username: string;
  /** Undefined for a decoy: every proof fails and no code is sent. */
  user: FakeUser | undefined;
  methods: ResetMethod[];
  expiresAt: number;
  passed: MethodId[];
  /** Failed proofs and codes per method. */
  failures: Partial<Record<MethodId, number>>;
  code?: { method: MethodId; expiresAt: number; sentAt: number };
  drawn?: string[];
  state: 'started' | 'done';
}

/** A message the fake service "sent"; the code is never checked, see `verify`. */
export interface SentMessage {
  to: string;
  channel: Channel;
  at: number;
}

const minute = 60_000;
const failuresAllowed = 5;
const common = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  'qwerty123',
  'iloveyou1',
]);

const titles: Partial<Record<ProblemCode, string>> = {
  validation_failed: 'The request is not valid.',
  unauthorized: 'The credentials are not valid.',
  unsupported_media_type: 'Send JSON (Content-Type: application/json).',
  captcha_invalid: 'The captcha was not solved. Try again.',
  flow_expired: 'This reset has expired. Start again.',
  flow_used: 'This reset was already used.',
  gate_required: 'Verify your identity first.',
  proof_mismatch: 'Incorrect phone number specified.',
  invalid_code: 'The code is not right.',
  code_expired: 'The code has expired. Ask for a new one.',
  throttled: 'Too many attempts. Try again later.',
  send_paced: 'A code was sent a moment ago. Wait before asking again.',
  password_rejected: 'Choose a different password.',
  unlock_not_applicable: 'The account is not locked.',
};

/** An RFC 9457 problem as the real service renders it. */
export function problem(status: number, code: ProblemCode, extras: Record<string, unknown> = {}): Answer {
  const title = titles[code] ?? 'Something went wrong.';
  return {
    status,
    problem: true,
    body: { type: `https://regain.dev/problems/${code}`, title, status, code, ...extras },
  };
}

const ok = (body: unknown, status = 200): Answer => ({ status, body });
const canonical = (u: string) => u.trim().normalize('NFKC').toLowerCase().replace(/@.*$/, '');
const digits = (s: string) => s.replace(/\D/g, '');
const maskEmail = (e: string) => {
  const [local = '', domain = ''] = e.split('@');
  const [host = '', ...rest] = domain.split('.');
  return `${local[0] ?? ''}****@${host[0] ?? ''}${'*'.repeat(Math.max(0, host.length - 1))}.${rest.join('.')}`;
};
const maskPhone = (p: string) => `${p.slice(0, 2)} ******${p.slice(-2)}`;

/** Alice has every method; Bob is locked out and has email only. */
export const demoUsers: FakeUser[] = [
  {
    username: 'alice',
    alternateEmail: 'alice@personal.example',
    mobilePhone: '+14255550100',
    questions: [
      { id: 'q1', text: 'What was the name of your first pet?', answer: 'Rex' },
      { id: 'q2', text: 'In what city were you born?', answer: 'Lisbon' },
    ],
    password: 'Old-Password-1',
  },
  { username: 'bob', alternateEmail: 'bob@mail.example', locked: true },
];

/** The fake service's state and its calls; create one per test for isolation. */
export function createFakeService(o: FakeServiceOptions = {}) {
  const now = o.now ?? Date.now;
  const users = new Map((o.users ?? demoUsers).map((u) => [canonical(u.username), structuredClone(u)]));
  const flows = new Map<string, Flow>();
  const starts = new Map<string, number>();
  const sent: SentMessage[] = [];
  const altcha = fakeAltcha();
  const gatesRequired = o.gatesRequired ?? 1;
  const captchaKind = o.captcha ?? 'altcha';

  const config: ConfigAnswer = {
    organization: {
      name: o.organization ?? 'Contoso',
      helpdesk: o.helpdesk ?? { url: 'https://help.contoso.example' },
    },
    reset: { enabled: true, gatesRequired, unlockEnabled: true },
    registration: {
      enforced: false,
      reconfirmDays: 180,
      methodsRequired: 1,
      snoozeDays: 1,
      maxSnoozes: 3,
      questions: { toRegister: 3, toReset: 2, catalog: [] },
    },
    methods: ['alternateEmail', 'mobilePhone', 'officePhone', 'questions'],
    password: {
      minLength: 8,
      maxLength: 256,
      rules: [
        { rule: 'length', params: { min: 8, max: 256 } },
        { rule: 'common_password', params: {} },
        { rule: 'context_word', params: {} },
      ],
    },
    captcha: { kind: captchaKind },
    locales: ['en'],
  };

  const methodsOf = (u: FakeUser | undefined): ResetMethod[] => {
    // A decoy looks like a user with an email on file.
    if (!u) return [{ id: 'alternateEmail', type: 'email', hint: 'u****@c******.example' }];
    const m: ResetMethod[] = [];
    if (u.alternateEmail) m.push({ id: 'alternateEmail', type: 'email', hint: maskEmail(u.alternateEmail) });
    if (u.mobilePhone)
      m.push({
        id: 'mobilePhone',
        type: 'phone',
        hint: maskPhone(u.mobilePhone),
        channels: ['sms', 'voice'],
      });
    if (u.officePhone)
      m.push({ id: 'officePhone', type: 'phone', hint: maskPhone(u.officePhone), channels: ['voice'] });
    // Questions are never offered under a one-gate policy (DESIGN.md).
    if (u.questions?.length && gatesRequired > 1) m.push({ id: 'questions', type: 'questions', hint: '' });
    return m;
  };

  /** The flow for a Bearer token, or the problem to answer. */
  const flowOf = (token: string | null): Flow | Answer => {
    const f = token ? flows.get(token) : undefined;
    // As the service answers: an unknown token and an expired flow are the same `flow_expired`.
    if (!f || f.expiresAt <= now()) return problem(401, 'flow_expired');
    return f;
  };
  const isAnswer = (x: Flow | Answer): x is Answer => 'status' in x;
  const remaining = (f: Flow) => f.methods.filter((m) => !f.passed.includes(m.id));
  /** What challenge and verify both check first: a live, unused flow, an open method, not blocked. */
  const openMethod = (token: string | null, method: unknown): { f: Flow; m: ResetMethod } | Answer => {
    const f = flowOf(token);
    if (isAnswer(f)) return f;
    if (f.state !== 'started') return problem(409, 'flow_used');
    const m = remaining(f).find((x) => x.id === method);
    if (!m) return problem(400, 'validation_failed', { field: 'method' });
    if ((f.failures[m.id] ?? 0) >= failuresAllowed)
      return problem(429, 'throttled', { retryAfter: 24 * 3600 });
    return { f, m };
  };

  /** Counts a failure; the sixth within a flow blocks the method (the real block lasts 24 h). */
  const fail = (f: Flow, method: MethodId, code: 'invalid_code' | 'proof_mismatch'): Answer => {
    const n = (f.failures[method] ?? 0) + 1;
    f.failures[method] = n;
    if (n > failuresAllowed) return problem(429, 'throttled', { retryAfter: 24 * 3600 });
    return problem(400, code, { attemptsLeft: failuresAllowed - n });
  };

  const check = (password: string, username: string | undefined, f?: Flow): Violation[] => {
    const v: Violation[] = [];
    const p = password.normalize('NFKC');
    const { minLength: min, maxLength: max } = config.password;
    const length = [...p].length;
    if (length < min || length > max)
      v.push({ rule: 'length', params: { min, max, length }, message: `Use ${min} to ${max} characters.` });
    if (common.has(p.toLowerCase()))
      v.push({ rule: 'common_password', params: {}, message: 'This password is too common.' });
    const name = username ? canonical(username) : '';
    if (name.length >= 3 && p.toLowerCase().includes(name))
      v.push({
        rule: 'context_word',
        params: { source: 'username' },
        message: 'Do not use your user name or the organization name.',
      });
    if (f?.user?.password === p)
      v.push({ rule: 'history', params: { count: 1 }, message: 'Do not reuse a recent password.' });
    return v;
  };

  return {
    /** Every user, by canonical name; tests may edit them. */
    users,
    /** Messages "sent" so far, newest last. */
    sent,
    config: (): Answer => ok(config),
    captcha: async (): Promise<Answer> => ok(captchaKind === 'none' ? null : await altcha.challenge()),

    async start(body: { username?: unknown; captcha?: unknown }): Promise<Answer> {
      if (typeof body.username !== 'string' || !body.username.trim() || typeof body.captcha !== 'string')
        return problem(400, 'validation_failed', {
          field: typeof body.username === 'string' ? 'captcha' : 'username',
        });
      if (captchaKind === 'altcha' && !(await altcha.verify(body.captcha)))
        return problem(400, 'captcha_invalid');
      const name = canonical(body.username);
      const n = (starts.get(name) ?? 0) + 1;
      starts.set(name, n);
      if (n > 5) return problem(429, 'throttled', { retryAfter: 3600 });
      const user = users.get(name);
      const token = Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
      const expiresAt = now() + 15 * minute;
      const methods = methodsOf(user);
      flows.set(token, {
        username: name,
        user,
        methods,
        expiresAt,
        passed: [],
        failures: {},
        state: 'started',
      });
      return ok(
        { token, expiresAt: new Date(expiresAt).toISOString(), gatesRequired, gatesPassed: 0, methods },
        201,
      );
    },

    challenge(token: string | null, body: { method?: unknown; channel?: unknown; proof?: unknown }): Answer {
      const open = openMethod(token, body.method);
      if ('status' in open) return open;
      const { f, m } = open;
      if (m.id === 'questions') {
        const qs = f.user?.questions ?? [];
        f.drawn = qs.slice(0, 2).map((q) => q.id);
        return ok({ method: 'questions', questions: qs.slice(0, 2).map(({ id, text }) => ({ id, text })) });
      }
      const channel = m.type === 'email' ? 'email' : typeof body.channel === 'string' ? body.channel : 'sms';
      if (m.type === 'email' ? channel !== 'email' : !m.channels?.includes(channel as 'sms'))
        return problem(400, 'validation_failed', { field: 'channel' });
      const destination = f.user?.[m.id as 'alternateEmail' | 'mobilePhone' | 'officePhone'];
      if (
        m.type === 'phone' &&
        (typeof body.proof !== 'string' || !destination || digits(body.proof) !== digits(destination))
      )
        return fail(f, m.id, 'proof_mismatch');
      const t = now();
      if (f.code?.method === m.id && t - f.code.sentAt < minute)
        return problem(429, 'send_paced', { retryAfter: Math.ceil((f.code.sentAt + minute - t) / 1000) });
      f.code = { method: m.id, sentAt: t, expiresAt: t + 10 * minute };
      if (destination) sent.push({ to: destination, channel: channel as SentMessage['channel'], at: t });
      return ok(
        {
          method: m.id,
          channel,
          expiresAt: new Date(f.code.expiresAt).toISOString(),
          codeLength: methods[m.id].codeLength,
          resendAfter: 60,
        },
        202,
      );
    },

    /**
     * Any code of the right shape passes except one made only of zeros ("000000"), which is wrong and counts;
     * a decoy's code never passes. Answers are compared trimmed and case-insensitively.
     */
    verify(token: string | null, body: { method?: unknown; code?: unknown; answers?: unknown }): Answer {
      const open = openMethod(token, body.method);
      if ('status' in open) return open;
      const { f, m } = open;
      if (m.id === 'questions') {
        const answers = Array.isArray(body.answers) ? (body.answers as { id: string; answer: string }[]) : [];
        const right = (f.drawn ?? []).every((id) => {
          const q = f.user?.questions?.find((x) => x.id === id);
          const a = answers.find((x) => x.id === id)?.answer;
          return q && typeof a === 'string' && a.trim().toLowerCase() === q.answer.toLowerCase();
        });
        if (!f.drawn || !right) return fail(f, m.id, 'invalid_code');
      } else {
        if (typeof body.code !== 'string' || !/^\d{6,10}$/.test(body.code))
          return problem(400, 'validation_failed', { field: 'code' });
        if (!f.code || f.code.method !== m.id) return problem(400, 'code_expired');
        if (f.code.expiresAt <= now()) return problem(400, 'code_expired');
        if (!f.user || /^0+$/.test(body.code)) return fail(f, m.id, 'invalid_code');
        delete f.code;
      }
      f.passed.push(m.id);
      const next = f.passed.length >= gatesRequired ? 'password' : 'verify';
      return ok({
        gatesPassed: f.passed.length,
        gatesRequired,
        next,
        methods: remaining(f),
        unlockAvailable: next === 'password' && !!f.user?.locked,
      });
    },

    checkPassword(token: string | null, body: { password?: unknown; username?: unknown }): Answer {
      if (typeof body.password !== 'string') return problem(400, 'validation_failed', { field: 'password' });
      const f = token ? flowOf(token) : undefined;
      if (f && isAnswer(f)) return f;
      const violations = check(body.password, f?.username ?? (body.username as string | undefined), f);
      return ok({ accepted: violations.length === 0, violations });
    },

    setPassword(token: string | null, body: { password?: unknown }): Answer {
      const f = flowOf(token);
      if (isAnswer(f)) return f;
      if (f.state !== 'started') return problem(409, 'flow_used');
      if (f.passed.length < gatesRequired || !f.user) return problem(403, 'gate_required');
      if (typeof body.password !== 'string') return problem(400, 'validation_failed', { field: 'password' });
      const violations = check(body.password, f.username, f);
      if (violations.length) return problem(422, 'password_rejected', { violations });
      const unlocked = !!f.user.locked;
      f.user.password = body.password.normalize('NFKC');
      f.user.locked = false;
      f.state = 'done';
      return ok({ status: 'reset', unlocked });
    },

    unlock(token: string | null): Answer {
      const f = flowOf(token);
      if (isAnswer(f)) return f;
      if (f.state !== 'started') return problem(409, 'flow_used');
      if (f.passed.length < gatesRequired || !f.user) return problem(403, 'gate_required');
      if (!f.user.locked) return problem(409, 'unlock_not_applicable');
      f.user.locked = false;
      f.state = 'done';
      return ok({ status: 'unlocked' });
    },

    cancel(token: string | null): Answer {
      const f = flowOf(token);
      if (isAnswer(f)) return f;
      if (token) flows.delete(token);
      return { status: 204 };
    },
  };
}

export type FakeService = ReturnType<typeof createFakeService>;
