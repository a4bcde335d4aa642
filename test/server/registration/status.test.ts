// Registration status over time: reconfirmation, snoozes, and writes guarded by the ETag under concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistrationStatus, statusSchema } from '../../../api/registration.ts';
import { createApiKey } from '../../../server/security/api-keys.ts';
import { setPolicy, startService, type TestService } from '../../helpers/service.ts';
import { day, minute, offBy, type ProblemBody, type SessionBody, stepUp, view } from './support.ts';

describe('registration status', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService('pglite');
  });
  afterAll(async () => t?.close());

  const sessionStatus = async (username: 'alice' | 'carol', password: string) => {
    const res = await t.api.post<SessionBody>('/v1/registration/session', { username, password });
    expect(res.status, res.text).toBe(201);
    return { token: res.body.token, status: statusSchema.parse(res.body.status) };
  };

  it('a configured user is due to reconfirm after the policy days; confirm clears it', async () => {
    await setPolicy(t, { registration: { enforced: true, reconfirmDays: 30 } });
    const fresh = await sessionStatus('alice', 'Tulip-Harbor-42');
    expect(fresh.status).toMatchObject({ configured: true, reconfirmDue: false, prompt: 'none' });

    t.clock.advance(29 * day);
    expect((await sessionStatus('alice', 'Tulip-Harbor-42')).status.reconfirmDue).toBe(false);
    t.clock.advance(2 * day);
    const due = await sessionStatus('alice', 'Tulip-Harbor-42');
    expect(due.status).toMatchObject({ configured: true, reconfirmDue: true, prompt: 'optional' });
    expect((await view(t, due.token)).body.status.reconfirmDue).toBe(true);

    const confirmed = await t.api.post<{ status: RegistrationStatus }>(
      '/v1/registration/confirm',
      {},
      {
        token: due.token,
      },
    );
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(statusSchema.parse(confirmed.body.status)).toMatchObject({ reconfirmDue: false, prompt: 'none' });
    expect((await view(t, due.token)).body.status).toMatchObject({ reconfirmDue: false, prompt: 'none' });
    // The clock restarts from the confirmation.
    t.clock.advance(29 * day);
    expect((await sessionStatus('alice', 'Tulip-Harbor-42')).status.reconfirmDue).toBe(false);
    t.clock.advance(2 * day);
    expect((await sessionStatus('alice', 'Tulip-Harbor-42')).status.reconfirmDue).toBe(true);
  });

  it('an unregistered user may snooze maxSnoozes times; then the prompt is required', async () => {
    await setPolicy(t, { registration: { enforced: true, maxSnoozes: 2, snoozeDays: 1 } });
    const key = (await createApiKey(t.db, { scope: 'tickets', name: 'login', now: t.clock.now() })).key;
    const ticketStatus = async () =>
      statusSchema.parse(
        (await t.api.post<{ status: unknown }>('/v1/tickets', { username: 'carol' }, { token: key })).body
          .status,
      );

    const first = await sessionStatus('carol', 'Violet-Anchor-19');
    expect(first.status).toMatchObject({
      configured: false,
      prompt: 'optional',
      snoozesLeft: 2,
      snoozedUntil: null,
    });
    const s1 = await t.api.post<{ status: RegistrationStatus }>(
      '/v1/registration/snooze',
      {},
      { token: first.token },
    );
    expect(s1.status, s1.text).toBe(200);
    expect(s1.body.status).toMatchObject({ prompt: 'none', snoozesLeft: 1 });
    expect(offBy(s1.body.status.snoozedUntil, t.clock.now() + day)).toBeLessThan(5000);
    expect((await ticketStatus()).prompt).toBe('none');

    t.clock.advance(day + minute);
    const second = await sessionStatus('carol', 'Violet-Anchor-19');
    expect(second.status).toMatchObject({ prompt: 'optional', snoozesLeft: 1, snoozedUntil: null });
    const s2 = await t.api.post<{ status: RegistrationStatus }>(
      '/v1/registration/snooze',
      {},
      { token: second.token },
    );
    expect(s2.status, s2.text).toBe(200);
    // The last snooze still silences the prompt while it runs.
    expect(s2.body.status).toMatchObject({ prompt: 'none', snoozesLeft: 0 });
    expect(s2.body.status.snoozedUntil).not.toBeNull();

    t.clock.advance(day + minute);
    const third = await sessionStatus('carol', 'Violet-Anchor-19');
    expect(third.status).toMatchObject({ prompt: 'required', snoozesLeft: 0, snoozedUntil: null });
    expect((await ticketStatus()).prompt).toBe('required');
    const s3 = await t.api.post<ProblemBody>('/v1/registration/snooze', {}, { token: third.token });
    expect(s3.status).toBe(409);
    expect(s3.body.code).toBe('snooze_exhausted');
    expect((await view(t, third.token)).body.status).toMatchObject({ prompt: 'required', snoozesLeft: 0 });
  });

  it('two confirms with the same ETag: exactly one wins, the other gets 409 registration_changed', async () => {
    const { token } = await sessionStatus('alice', 'Tulip-Harbor-42');
    const v = await view(t, token);
    const etag = v.etag;
    expect(etag).toMatch(/^(W\/)?"v\d+"$/);
    const headers = { 'if-match': etag ?? '' };
    const [a, b] = await Promise.all([
      t.api.post('/v1/registration/confirm', {}, { token, headers }),
      t.api.post('/v1/registration/confirm', {}, { token, headers }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body.code).toBe('registration_changed');
    const after = await view(t, token);
    expect(after.etag).not.toBe(etag);
    const n = (e: string | null) => Number(/"v(\d+)"/.exec(e ?? '')?.[1]);
    expect(n(after.etag)).toBe(n(etag) + 1);
    // A stale ETag keeps failing; a fresh one works.
    expect((await t.api.post('/v1/registration/confirm', {}, { token, headers })).status).toBe(409);
    const ok = await t.api.post(
      '/v1/registration/confirm',
      {},
      { token, headers: { 'if-match': after.etag ?? '' } },
    );
    expect(ok.status, ok.text).toBe(200);
  });

  it('two question sets with the same ETag: one is stored whole, the other changes nothing', async () => {
    const { token } = await sessionStatus('alice', 'Tulip-Harbor-42');
    await stepUp(t, token, 'alternateEmail', 'alice@personal.example');
    const v = await view(t, token);
    const headers = { 'if-match': v.etag ?? '' };
    const setA = ['builtin.childhood-friend', 'builtin.first-car', 'builtin.dream-job'];
    const setB = ['builtin.first-job', 'builtin.favorite-teacher', 'builtin.parents-met'];
    const body = (ids: string[], answers: string[]) => ({
      answers: ids.map((questionId, i) => ({ questionId, answer: answers[i] })),
    });
    const [a, b] = await Promise.all([
      t.api.put('/v1/registration/questions', body(setA, ['Jonathan Park', 'Honda Civic', 'Astronaut']), {
        token,
        headers,
      }),
      t.api.put('/v1/registration/questions', body(setB, ['Spokane', 'Henderson', 'Reno Nevada']), {
        token,
        headers,
      }),
    ]);
    expect([a.status, b.status].sort(), `${a.text} ${b.text}`).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('registration_changed');
    const winner = a.status === 200 ? setA : setB;
    const stored = await t.db.query<{ question_id: string }>(
      `SELECT question_id FROM security_answers s JOIN users u ON u.id = s.user_id
       WHERE u.username = 'alice' ORDER BY question_id`,
    );
    expect(stored.map((r) => r.question_id)).toEqual([...winner].sort());
    const events = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit a JOIN users u ON u.id = a.user_id
       WHERE u.username = 'alice' AND a.detail = 'questions_registered'`,
    );
    expect(events[0]?.n).toBe(1);
    const after = await view(t, token);
    expect(after.body.questions.registered).toBe(3);
    expect(after.etag).not.toBe(v.etag);
  });
});
