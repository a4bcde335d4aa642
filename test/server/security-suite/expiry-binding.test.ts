// Lifetimes and binding (SECURITY.md B16, B18, C22, C25, C27, C28): code and flow expiry, flow binding, resend, pacing, captcha, strict JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  setPolicy,
  solvedCaptcha,
  startReset,
  startService,
  type TestService,
} from '../../helpers/service.ts';
import {
  asProblem,
  challengeCode,
  minuteMs,
  outboxCount,
  unblock,
  type VerifyBody,
  wrongCode,
} from './support.ts';

const aliceEmail = 'alice@personal.example';

describe('expiry and binding', () => {
  let t: TestService;

  beforeAll(async () => {
    t = await startService('pglite');
    await setPolicy(t, { throttles: { ipResetStartsPerHour: 10_000, ipVerificationsPerHour: 20_000 } });
  });
  afterAll(async () => t?.close());

  /** A new flow for a user past earlier tests' send pacing, with the user's counters cleared. */
  async function freshFlow(username = 'alice'): Promise<string> {
    t.clock.advance(minuteMs + 1000);
    await unblock(t, username);
    const start = await startReset(t, username);
    expect(start.status, start.text).toBe(201);
    return start.body.token;
  }

  const verify = (token: string, code: string, method = 'alternateEmail') =>
    t.api.post<VerifyBody>('/v1/reset/verify', { method, code }, { token });

  it('refuses a code at 10 min 1 s as code_expired', async () => {
    const token = await freshFlow();
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, aliceEmail);
    t.clock.advance(10 * minuteMs + 1000);
    const late = await verify(token, code);
    expect(late.status).toBe(400);
    expect(asProblem(late).code).toBe('code_expired');
  });

  it('accepts a code at 9 min 59 s', async () => {
    const token = await freshFlow();
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, aliceEmail);
    t.clock.advance(9 * minuteMs + 59_000);
    const inTime = await verify(token, code);
    expect(inTime.status, inTime.text).toBe(200);
    expect(inTime.body.next).toBe('password');
  });

  it('keeps a flow usable at 14 min 59 s and expires it at 15 min 1 s, however active it was', async () => {
    const token = await freshFlow();
    t.clock.advance(14 * minuteMs + 59_000);
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, aliceEmail);
    t.clock.advance(2000);
    const expired = await verify(token, code);
    expect(expired.status).toBe(401);
    expect(asProblem(expired).code).toBe('flow_expired');
    const challenge = await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token });
    expect(challenge.status).toBe(401);
    expect(asProblem(challenge).code).toBe('flow_expired');
  });

  it("binds a code to its flow and method: flow A's code is refused in flow B and for another method", async () => {
    const a = await freshFlow('alice');
    await unblock(t, 'bob');
    const bStart = await startReset(t, 'bob');
    expect(bStart.status).toBe(201);
    const b = bStart.body.token;
    const codeA = await challengeCode(t, a, { method: 'alternateEmail' }, aliceEmail);
    const codeB = await challengeCode(t, b, { method: 'alternateEmail' }, 'bob@personal.example');
    expect(codeA).not.toBe(codeB);

    const crossed = await verify(b, codeA);
    expect(crossed.status).toBe(400);
    expect(asProblem(crossed).code).toBe('invalid_code');
    // An email code sent as the mobile phone's code is refused too (no SMS was asked for).
    const otherMethod = await verify(a, codeA, 'mobilePhone');
    expect(otherMethod.status).toBe(400);
    expect(asProblem(otherMethod).code).toBe('invalid_code');

    // Each code still works where it belongs, so the refusals above were about binding.
    expect((await verify(b, codeB)).status).toBe(200);
    expect((await verify(a, codeA)).status).toBe(200);
  });

  it('invalidates the previous code on a resend after the 60 s pacing', async () => {
    const token = await freshFlow();
    const first = await challengeCode(t, token, { method: 'alternateEmail' }, aliceEmail);
    t.clock.advance(61_000);
    const second = await challengeCode(t, token, { method: 'alternateEmail' }, aliceEmail);
    const old = await verify(token, first);
    expect(old.status).toBe(400);
    expect(asProblem(old).code).toBe('invalid_code');
    const fresh = await verify(token, second);
    expect(fresh.status, fresh.text).toBe(200);
  });

  it('paces a second challenge within 60 s: 429 send_paced with retryAfter, and nothing sent', async () => {
    const token = await freshFlow();
    await challengeCode(t, token, { method: 'alternateEmail' }, aliceEmail);
    t.clock.advance(20_000);
    const queued = await outboxCount(t);
    const again = await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token });
    expect(again.status).toBe(429);
    expect(asProblem(again).code).toBe('send_paced');
    expect(asProblem(again).retryAfter).toBe(40);
    expect(again.headers.get('retry-after')).toBe('40');
    expect(await outboxCount(t)).toBe(queued);
  });

  it('refuses a start without a captcha field as captcha_invalid', async () => {
    const res = await t.api.post('/v1/reset', { username: 'alice' });
    expect(res.status).toBe(400);
    expect(asProblem(res).code).toBe('captcha_invalid');
  });

  it('refuses empty, garbage and forged captcha payloads as captcha_invalid', async () => {
    const solved = await solvedCaptcha(t.api);
    const decoded = JSON.parse(Buffer.from(solved, 'base64').toString('utf8')) as {
      challenge: unknown;
      solution: { counter: number; derivedKey: string };
    };
    const forged = Buffer.from(
      JSON.stringify({
        ...decoded,
        solution: { ...decoded.solution, derivedKey: '0'.repeat(decoded.solution.derivedKey.length) },
      }),
    ).toString('base64');
    for (const captcha of [
      '',
      'garbage',
      Buffer.from('{"challenge":{},"solution":{}}').toString('base64'),
      forged,
    ]) {
      const res = await t.api.post('/v1/reset', { username: 'alice', captcha });
      expect(res.status, captcha).toBe(400);
      expect(asProblem(res).code, captcha).toBe('captcha_invalid');
    }
    // The untouched solution was never claimed by the forged one and still passes once.
    expect((await t.api.post('/v1/reset', { username: 'zed-captcha', captcha: solved })).status).toBe(201);
  });

  it('accepts a solved captcha once: a replay is captcha_invalid', async () => {
    const captcha = await solvedCaptcha(t.api);
    const first = await t.api.post('/v1/reset', { username: 'zed-replay', captcha });
    expect(first.status).toBe(201);
    const replay = await t.api.post('/v1/reset', { username: 'zed-replay', captcha });
    expect(replay.status).toBe(400);
    expect(asProblem(replay).code).toBe('captcha_invalid');
  });

  it('starts one flow from 10 parallel uses of one captcha, and the replays spend none of the account starts', async () => {
    const starts = async () =>
      (
        await t.db.query<{ count: number }>(
          `SELECT t.count FROM throttles t JOIN users u ON t.key = 'start:u:' || u.id WHERE u.username = 'bob'`,
        )
      )[0]?.count ?? 0;
    const before = await starts();
    const captcha = await solvedCaptcha(t.api);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.api.post('/v1/reset', { username: 'bob', captcha })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(400)]);
    expect(await starts()).toBe(before + 1);
  });

  it('refuses polluted parameters (arrays, duplicate keys) as validation_failed and sends nothing', async () => {
    const token = await freshFlow();
    const queued = await outboxCount(t);
    const raw = (path: string, body: string) => t.api.post(path, body, { token });
    const attempts = [
      await t.api.post(
        '/v1/reset/verify',
        { method: 'alternateEmail', code: ['111111', '222222'] },
        { token },
      ),
      await raw('/v1/reset/challenge', '{"method":"alternateEmail","method":"mobilePhone"}'),
      await raw(
        '/v1/reset/challenge',
        '{"method":"officePhone","proof":"+14255550101","\\u006dethod":"alternateEmail"}',
      ),
      await raw('/v1/reset/verify', '{"method":"alternateEmail","code":"11111111","code":"22222222"}'),
      await raw('/v1/reset/challenge', '{"method":{"a":"alternateEmail","a":"mobilePhone"}}'),
      await t.api.post('/v1/reset', { username: ['alice', 'bob'], captcha: await solvedCaptcha(t.api) }),
    ];
    for (const [i, res] of attempts.entries()) {
      expect(res.status, `attempt ${i}: ${res.text}`).toBe(400);
      expect(asProblem(res).code, `attempt ${i}`).toBe('validation_failed');
    }
    expect(await outboxCount(t)).toBe(queued);
    // Nothing was counted as a failure either: the flow still has all five attempts on the email code.
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, aliceEmail);
    const wrong = await verify(token, wrongCode(code));
    expect(asProblem(wrong)).toMatchObject({ code: 'invalid_code', attemptsLeft: 4 });
  });

  it('refuses non-JSON bodies with 415', async () => {
    const token = await freshFlow();
    const captcha = await solvedCaptcha(t.api);
    const cases = [
      t.api.post('/v1/reset', JSON.stringify({ username: 'alice', captcha }), {
        headers: { 'content-type': 'text/plain' },
      }),
      t.api.post('/v1/reset', `username=alice&captcha=${encodeURIComponent(captcha)}`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      t.api.post('/v1/reset/challenge', '{"method":"alternateEmail"}', {
        token,
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
      }),
      t.api.post('/v1/reset/verify', '{"method":"alternateEmail","code":"12345678"}', {
        token,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status, res.text).toBe(415);
      expect(asProblem(res).code).toBe('unsupported_media_type');
    }
  });
});
