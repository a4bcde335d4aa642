// End-to-end reset over HTTP on PGlite and PostgreSQL: one gate, two gates, then a change with the new password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeFor,
  dbKinds,
  latestMessageId,
  setPolicy,
  startReset,
  startService,
  type TestService,
} from '../../helpers/service.ts';

describe.each(dbKinds)('reset flow on %s', (kind) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService(kind);
  });
  afterAll(async () => t?.close());

  it('resets alice with one gate (email code), then she changes it with the new password as current', async () => {
    const start = await startReset(t, 'alice');
    expect(start.status).toBe(201);
    expect(start.body.gatesRequired).toBe(1);
    expect(start.body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone', 'officePhone']);
    expect(start.headers.get('cache-control')).toBe('no-store');
    const token = start.body.token;
    const before = await latestMessageId(t, 'alice@personal.example');
    const ch = await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token });
    expect(ch.status).toBe(202);
    expect(ch.body).toMatchObject({
      method: 'alternateEmail',
      channel: 'email',
      codeLength: 8,
      resendAfter: 60,
    });
    const code = await codeFor(t, 'alice@personal.example', before);
    expect(code).toMatch(/^\d{8}$/);
    const v = await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      gatesPassed: 1,
      gatesRequired: 1,
      next: 'password',
      unlockAvailable: false,
    });
    const weak = await t.api.post('/v1/reset/password', { password: 'password1' }, { token });
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe('password_rejected');
    const set = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ status: 'reset', unlocked: false });
    const again = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8813' }, { token });
    expect(again.status).toBe(409);

    const wrong = await t.api.post('/v1/password/change', {
      username: 'alice',
      currentPassword: 'Tulip-Harbor-42',
      newPassword: 'Lantern-Orchid-5150',
    });
    expect(wrong.status).toBe(401);
    const change = await t.api.post('/v1/password/change', {
      username: 'ALICE',
      currentPassword: 'Quartz-Meadow-8812',
      newPassword: 'Lantern-Orchid-5150',
    });
    expect(change.status).toBe(200);
    expect(change.body).toEqual({ status: 'changed' });
    expect(
      await t.rt.directory.verifyPassword(
        (await t.rt.directory.findUser('alice'))!.id,
        'Lantern-Orchid-5150',
      ),
    ).toBe(true);
  });

  it('resets alice with two gates (SMS with the full number as proof, then the office phone by voice)', async () => {
    await setPolicy(t, { reset: { gatesRequired: 2 } });
    const start = await startReset(t, 'alice@contoso.com');
    expect(start.status).toBe(201);
    expect(start.body.gatesRequired).toBe(2);
    expect(start.body.methods.map((m) => m.id)).toEqual([
      'alternateEmail',
      'mobilePhone',
      'officePhone',
      'questions',
    ]);
    const token = start.body.token;
    const noProof = await t.api.post(
      '/v1/reset/challenge',
      { method: 'mobilePhone', channel: 'sms', proof: '+1 425 555 0199' },
      { token },
    );
    expect(noProof.status).toBe(400);
    expect(noProof.body.code).toBe('proof_mismatch');
    const early = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('gate_required');

    const before = await latestMessageId(t, '+14255550100');
    const sms = await t.api.post(
      '/v1/reset/challenge',
      { method: 'mobilePhone', channel: 'sms', proof: '(425) 555-0100' },
      { token },
    );
    expect(sms.status).toBe(202);
    expect(sms.body).toMatchObject({ channel: 'sms', codeLength: 6 });
    const first = await t.api.post(
      '/v1/reset/verify',
      { method: 'mobilePhone', code: await codeFor(t, '+14255550100', before) },
      { token },
    );
    expect(first.body).toMatchObject({ gatesPassed: 1, gatesRequired: 2, next: 'verify' });
    expect((first.body.methods as { id: string }[]).map((m) => m.id)).not.toContain('mobilePhone');
    const gate1Only = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token });
    expect(gate1Only.status).toBe(403);

    const before2 = await latestMessageId(t, '+14255550101');
    const voice = await t.api.post(
      '/v1/reset/challenge',
      { method: 'officePhone', proof: '+14255550101' },
      { token },
    );
    expect(voice.status).toBe(202);
    expect(voice.body).toMatchObject({ channel: 'voice' });
    const second = await t.api.post(
      '/v1/reset/verify',
      { method: 'officePhone', code: await codeFor(t, '+14255550101', before2) },
      { token },
    );
    expect(second.body).toMatchObject({ gatesPassed: 2, next: 'password' });
    const set = await t.api.post('/v1/reset/password', { password: 'Copper-Lagoon-3077' }, { token });
    expect(set.status).toBe(200);
    const change = await t.api.post('/v1/password/change', {
      username: 'alice',
      currentPassword: 'Copper-Lagoon-3077',
      newPassword: 'Velvet-Summit-6021',
    });
    expect(change.status).toBe(200);
    await setPolicy(t, { reset: { gatesRequired: 1 } });
  });

  it('passes the questions gate under a two-gate policy and re-asks the same questions after a wrong answer', async () => {
    await setPolicy(t, { reset: { gatesRequired: 2 } });
    const start = await startReset(t, 'alice');
    const token = start.body.token;
    const q1 = await t.api.post<{ questions: { id: string; text: string }[] }>(
      '/v1/reset/challenge',
      { method: 'questions' },
      { token },
    );
    expect(q1.status).toBe(200);
    expect(q1.body.questions).toHaveLength(3);
    const wrong = await t.api.post(
      '/v1/reset/verify',
      { method: 'questions', answers: q1.body.questions.map((q) => ({ id: q.id, answer: 'nope nope' })) },
      { token },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('invalid_code');
    const q2 = await t.api.post<{ questions: { id: string }[] }>(
      '/v1/reset/challenge',
      { method: 'questions' },
      { token },
    );
    expect(q2.body.questions.map((q) => q.id)).toEqual(q1.body.questions.map((q) => q.id));
    const answers: Record<string, string> = {
      'builtin.first-pet': '  BISCUIT ',
      'builtin.birth-city': 'seattle',
      'builtin.first-school': 'Lincoln   Elementary',
    };
    const ok = await t.api.post(
      '/v1/reset/verify',
      { method: 'questions', answers: q2.body.questions.map((q) => ({ id: q.id, answer: answers[q.id] })) },
      { token },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ gatesPassed: 1, next: 'verify' });
    await setPolicy(t, { reset: { gatesRequired: 1 } });
  });
});
