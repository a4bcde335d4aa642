// Enumeration (SECURITY.md A1): unknown, unconfigured, disabled and out-of-scope accounts answer like alice at every reset step.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  dbKinds,
  setPolicy,
  solvedCaptcha,
  startReset,
  startService,
  type TestService,
} from '../../helpers/service.ts';
import {
  asProblem,
  challengeCode,
  headerNames,
  maskPattern,
  minuteMs,
  outboxCount,
  type StartBody,
  shapeOf,
  unblock,
  type VerifyBody,
} from './support.ts';

interface Probe {
  start: Answer<StartBody>;
  email: Answer;
  phone: Answer;
  verify: Answer;
  /** Outbox rows this probe queued. */
  queued: number;
}

// A full number that is none of the demo users' numbers.
const wrongProof = '+1 425 555 0199';

/** Walks one username through start, an email code, a phone proof that is wrong, and a wrong code. */
async function probe(t: TestService, username: string): Promise<Probe> {
  const before = await outboxCount(t);
  const start = await t.api.post<StartBody>('/v1/reset', { username, captcha: await solvedCaptcha(t.api) });
  const token = start.body.token;
  const email = await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token });
  const phoneId = start.body.methods?.find((m) => m.type === 'phone')?.id ?? 'mobilePhone';
  const phone = await t.api.post(
    '/v1/reset/challenge',
    { method: phoneId, channel: 'sms', proof: wrongProof },
    { token },
  );
  const verify = await t.api.post(
    '/v1/reset/verify',
    { method: 'alternateEmail', code: '00000000' },
    { token },
  );
  return { start, email, phone, verify, queued: (await outboxCount(t)) - before };
}

/** Asserts a decoy's probe cannot be told from a real user's, step by step. */
function expectSameAnswers(decoy: Probe, real: Probe): void {
  // Start: status, header names, key shape, token length, gates, and hints with the same masks.
  expect(decoy.start.status).toBe(real.start.status);
  expect(headerNames(decoy.start.headers)).toEqual(headerNames(real.start.headers));
  expect(shapeOf(decoy.start.body)).toEqual(shapeOf(real.start.body));
  expect(decoy.start.body.token).toHaveLength(real.start.body.token.length);
  expect(decoy.start.body.gatesRequired).toBe(real.start.body.gatesRequired);
  expect(decoy.start.body.gatesPassed).toBe(real.start.body.gatesPassed);
  expect(decoy.start.body.expiresAt).toBe(real.start.body.expiresAt);
  for (const m of decoy.start.body.methods) {
    const twin = real.start.body.methods.find((r) => r.id === m.id);
    expect(twin, `alice has no ${m.id}`).toBeDefined();
    expect(shapeOf(m)).toEqual(shapeOf(twin));
    expect(m.type).toBe(twin?.type);
    expect(m.channels).toEqual(twin?.channels);
    expect(maskPattern(m.hint)).toBe(maskPattern(twin?.hint ?? ''));
  }
  // Each later step: same status, header names and body, byte for byte (the fake clock did not move).
  for (const step of ['email', 'phone', 'verify'] as const) {
    expect(decoy[step].status, step).toBe(real[step].status);
    expect(headerNames(decoy[step].headers), step).toEqual(headerNames(real[step].headers));
    expect(shapeOf(decoy[step].body), step).toEqual(shapeOf(real[step].body));
    expect(decoy[step].body, step).toEqual(real[step].body);
  }
}

describe.each(dbKinds)('decoy uniformity on %s', (kind) => {
  let t: TestService;

  beforeAll(async () => {
    t = await startService(kind);
    // Decoys copy a real user's method mix. Give bob a mobile number so every real mix (alice, bob, dave) has
    // a phone, and every decoy therefore offers a phone method to try a wrong proof on.
    const res = await t.api.put(
      '/v1/admin/users/bob/contact',
      { mobilePhone: '+14255550103' },
      { token: t.adminKey },
    );
    expect(res.status, res.text).toBe(200);
  });
  afterAll(async () => t?.close());

  /** A fresh baseline for alice at the current time, after pacing and her counters were reset. */
  async function aliceBaseline(): Promise<Probe> {
    t.clock.advance(61_000);
    await unblock(t, 'alice');
    const real = await probe(t, 'alice');
    // The baseline really is a configured user: her methods are real and her email code was queued.
    expect(real.start.status).toBe(201);
    expect(real.start.body.methods.map((m) => m.id)).toEqual([
      'alternateEmail',
      'mobilePhone',
      'officePhone',
    ]);
    expect(real.email.status).toBe(202);
    expect(real.phone.status).toBe(400);
    expect(asProblem(real.phone)).toMatchObject({ code: 'proof_mismatch', attemptsLeft: 4 });
    expect(real.verify.status).toBe(400);
    expect(asProblem(real.verify)).toMatchObject({ code: 'invalid_code', attemptsLeft: 4 });
    expect(real.queued).toBe(1);
    return real;
  }

  it('answers an unknown username exactly like alice (and sends nothing)', async () => {
    const real = await aliceBaseline();
    const decoy = await probe(t, 'zed-nobody');
    expectSameAnswers(decoy, real);
    expect(decoy.queued).toBe(0);
  });

  it('answers carol, who registered nothing, exactly like alice', async () => {
    const real = await aliceBaseline();
    await unblock(t, 'carol');
    const decoy = await probe(t, 'carol');
    expectSameAnswers(decoy, real);
    expect(decoy.queued).toBe(0);
  });

  it('answers a disabled account exactly like alice', async () => {
    await t.db.query('UPDATE users SET disabled = true WHERE username = $1', ['bob']);
    try {
      const real = await aliceBaseline();
      await unblock(t, 'bob');
      const decoy = await probe(t, 'bob');
      expectSameAnswers(decoy, real);
      expect(decoy.queued).toBe(0);
    } finally {
      await t.db.query('UPDATE users SET disabled = false WHERE username = $1', ['bob']);
    }
  });

  it('answers an account outside the reset group exactly like alice, who is inside it', async () => {
    const group = randomUUID();
    await t.db.query('INSERT INTO groups (id, name) VALUES ($1, $2)', [group, 'SSPR Users']);
    await t.db.query(
      `INSERT INTO group_members (group_id, user_id) SELECT $1, id FROM users WHERE username = 'alice'`,
      [group],
    );
    await setPolicy(t, { reset: { enabled: 'group', group: 'SSPR Users' } });
    try {
      const real = await aliceBaseline();
      await unblock(t, 'bob');
      const decoy = await probe(t, 'bob');
      expectSameAnswers(decoy, real);
      expect(decoy.queued).toBe(0);
    } finally {
      await setPolicy(t, { reset: { enabled: 'all' } });
    }
  });

  it('shows privileged dave the policy gate count; his extra gate appears only as next: verify', async () => {
    t.clock.advance(minuteMs + 1000);
    await unblock(t, 'dave');
    const start = await startReset(t, 'dave');
    expect(start.status).toBe(201);
    expect(start.body.gatesRequired).toBe(1);
    expect(start.body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone']);
    const token = start.body.token;
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, 'dave@personal.example');
    const first = await t.api.post<VerifyBody>(
      '/v1/reset/verify',
      { method: 'alternateEmail', code },
      { token },
    );
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ gatesPassed: 1, gatesRequired: 1, next: 'verify' });
    expect(first.body.methods.map((m) => m.id)).toEqual(['mobilePhone']);
    const early = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token });
    expect(early.status).toBe(403);
    expect(asProblem(early).code).toBe('gate_required');
    const sms = await challengeCode(
      t,
      token,
      { method: 'mobilePhone', channel: 'sms', proof: '+14255550102' },
      '+14255550102',
    );
    const second = await t.api.post<VerifyBody>(
      '/v1/reset/verify',
      { method: 'mobilePhone', code: sms },
      { token },
    );
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({ gatesPassed: 2, gatesRequired: 1, next: 'password' });
  });
});
