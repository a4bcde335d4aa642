// Races (SECURITY.md B12, C24): parallel code submissions, parallel password sets and parallel guesses at the attempt limit.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dbKinds, startReset, startService, type TestService } from '../../helpers/service.ts';
import { asProblem, challengeCode, minuteMs, throttle, unblock, userId, wrongCode } from './support.ts';

const parallel = <T>(n: number, fn: () => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: n }, fn));

describe.each(dbKinds)('concurrency on %s', (kind) => {
  let t: TestService;
  let alice: string;

  beforeAll(async () => {
    t = await startService(kind);
    alice = await userId(t, 'alice');
  });
  afterAll(async () => t?.close());

  /** A new flow for alice with her counters cleared and past the send pacing of earlier tests. */
  async function freshFlow(): Promise<string> {
    t.clock.advance(minuteMs + 1000);
    await unblock(t, 'alice');
    const start = await startReset(t, 'alice');
    expect(start.status, start.text).toBe(201);
    return start.body.token;
  }

  async function auditCount(detail: string[], method: string, since: number): Promise<number> {
    const [row] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit
       WHERE kind = 'reset' AND user_id = $1 AND method = $2 AND detail = ANY($3::text[]) AND at >= $4`,
      [alice, method, detail, new Date(since)],
    );
    return row?.n ?? 0;
  }

  it('accepts the right code exactly once when it is submitted 20 times in parallel', async () => {
    const token = await freshFlow();
    const since = t.clock.now();
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, 'alice@personal.example');
    const answers = await parallel(20, () =>
      t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token }),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 200),
      statuses.join(','),
    ).toHaveLength(1);
    for (const s of statuses.filter((x) => x !== 200)) expect([400, 409, 429]).toContain(s);
    expect(await auditCount(['gate_passed'], 'alternateEmail', since)).toBe(1);
    const [flow] = await t.db.query<{ state: string; passed_methods: string[] }>(
      `SELECT state, passed_methods FROM flows WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [alice],
    );
    expect(flow).toEqual({ state: 'gates_passed', passed_methods: ['alternateEmail'] });
  });

  it('answers the 19 right codes that lost the race with 409 and the flow state, spending no attempt', async () => {
    const token = await freshFlow();
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, 'alice@personal.example');
    const answers = await parallel(20, () =>
      t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token }),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, answers.map((a) => a.text).join('\n')).toEqual([200, ...Array(19).fill(409)]);
    for (const late of answers.filter((a) => a.status === 409))
      expect(late.body).toMatchObject({
        code: 'flow_used',
        gatesPassed: 1,
        gatesRequired: 1,
        next: 'password',
      });
    // Nothing was spent: the next flow's first wrong code leaves all but one attempt (no unblock in between).
    t.clock.advance(minuteMs + 1000);
    const next = (await startReset(t, 'alice')).body.token;
    await challengeCode(t, next, { method: 'alternateEmail' }, 'alice@personal.example');
    const wrong = await t.api.post(
      '/v1/reset/verify',
      { method: 'alternateEmail', code: wrongCode(code) },
      { token: next },
    );
    expect(wrong.status).toBe(400);
    expect(asProblem(wrong).attemptsLeft).toBe(4);
  });

  it('writes the directory exactly once when 20 password sets race on one flow', async () => {
    const token = await freshFlow();
    const code = await challengeCode(
      t,
      token,
      { method: 'mobilePhone', channel: 'sms', proof: '+14255550100' },
      '+14255550100',
    );
    const v = await t.api.post('/v1/reset/verify', { method: 'mobilePhone', code }, { token });
    expect(v.status, v.text).toBe(200);
    const history = async () =>
      (
        await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM password_history WHERE user_id = $1',
          [alice],
        )
      )[0]?.n ?? 0;
    const historyBefore = await history();
    const writes = vi.spyOn(t.rt.directory, 'setPassword');
    try {
      const answers = await parallel(20, () =>
        t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token }),
      );
      const statuses = answers.map((a) => a.status);
      expect(
        statuses.filter((s) => s === 200),
        statuses.join(','),
      ).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 200)) {
        expect(a.status).toBe(409);
        expect(asProblem(a).code).toBe('flow_used');
      }
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      writes.mockRestore();
    }
    expect(await history()).toBe(historyBefore + 1);
    expect(await t.rt.directory.verifyPassword(alice, 'Quartz-Meadow-8812')).toBe(true);
  });

  it('leaves exactly one live flow when five reset starts race for one account', async () => {
    t.clock.advance(minuteMs + 1000);
    await unblock(t, 'alice');
    const starts = await parallel(5, () => startReset(t, 'alice'));
    expect(starts.map((s) => s.status)).toEqual([201, 201, 201, 201, 201]);
    // A live flow answers an empty verify with 400 (validation); a superseded one with 401 flow_expired.
    const probes = await Promise.all(
      starts.map((s) => t.api.post('/v1/reset/verify', {}, { token: s.body.token })),
    );
    expect(probes.map((p) => p.status).sort()).toEqual([400, 401, 401, 401, 401]);
    const [open] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM flows WHERE user_id = $1 AND state IN ('started', 'gates_passed')`,
      [alice],
    );
    expect(open?.n).toBe(1);
  });

  it('evaluates at most one of 10 parallel wrong guesses when one attempt is left, then blocks the method', async () => {
    const token = await freshFlow();
    const since = t.clock.now();
    const proof = { method: 'mobilePhone', channel: 'sms', proof: '+14255550100' };
    const code = await challengeCode(t, token, proof, '+14255550100');
    const wrong = wrongCode(code);
    for (const left of [4, 3, 2, 1]) {
      const r = await t.api.post('/v1/reset/verify', { method: 'mobilePhone', code: wrong }, { token });
      expect(r.status).toBe(400);
      expect(asProblem(r)).toMatchObject({ code: 'invalid_code', attemptsLeft: left });
    }
    const answers = await parallel(10, () =>
      t.api.post('/v1/reset/verify', { method: 'mobilePhone', code: wrong }, { token }),
    );
    const evaluated = answers.filter((a) => a.status === 400);
    const rejected = answers.filter((a) => a.status === 429);
    expect(evaluated.length + rejected.length, answers.map((a) => a.status).join(',')).toBe(10);
    expect(evaluated.length).toBeLessThanOrEqual(1);
    for (const a of evaluated) expect(asProblem(a)).toMatchObject({ code: 'invalid_code', attemptsLeft: 0 });
    for (const a of rejected) expect(asProblem(a).code).toBe('throttled');

    // Evaluations are audited one row each: the four before plus at most one of the ten, five at most.
    expect(await auditCount(['code_invalid', 'method_blocked'], 'mobilePhone', since)).toBe(
      4 + evaluated.length,
    );
    expect(await auditCount(['method_blocked'], 'mobilePhone', since)).toBe(evaluated.length);
    const counter = await throttle(t, `fail:u:${alice}:mobilePhone`);
    const limit = 5;
    expect(counter).toBeDefined();
    expect(counter!.count - limit).toBeLessThanOrEqual(rejected.length);
    expect(counter!.blocked_until?.getTime() ?? 0).toBeGreaterThan(t.clock.now() + 23 * 3_600_000);

    // Blocked: even the right code is refused, with the same answer as a wrong one.
    const right = await t.api.post('/v1/reset/verify', { method: 'mobilePhone', code }, { token });
    expect(right.status).toBe(429);
    expect(asProblem(right).code).toBe('throttled');
  });
});
