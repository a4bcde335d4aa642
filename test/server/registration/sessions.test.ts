// Registration sessions: one 401 for wrong password and unknown user, the shared failure throttle, revocation on reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../server/security/api-keys.ts';
import { codeFor, startReset, startService, type TestService } from '../../helpers/service.ts';
import { lastDelivered, minute, openSession, type ProblemBody, view } from './support.ts';

describe('registration sessions', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService('pglite');
  });
  afterAll(async () => t?.close());

  const locked = async (username: string) =>
    (await t.db.query<{ locked: boolean }>('SELECT locked FROM users WHERE username = $1', [username]))[0]
      ?.locked;

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await t.api.post('/v1/registration/session', {
      username: 'alice',
      password: 'Tulip-Harbor-41',
    });
    const unknown = await t.api.post('/v1/registration/session', {
      username: 'mallory',
      password: 'Tulip-Harbor-41',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(unknown.text).toBe(wrong.text);
    expect(unknown.headers.get('content-type')).toBe(wrong.headers.get('content-type'));
    expect([...unknown.headers.keys()].filter((k) => k !== 'date').sort()).toEqual(
      [...wrong.headers.keys()].filter((k) => k !== 'date').sort(),
    );
    // A name no directory can hold (a NUL inside) is just another unknown user, not a directory outage.
    const impossible = await t.api.post('/v1/registration/session', { username: 'a\u0000b', password: 'x' });
    expect(impossible.status, impossible.text).toBe(401);
    expect(impossible.text).toBe(wrong.text);
  });

  it('takes JSON bodies only (415 otherwise)', async () => {
    const res = await t.api.call(
      'POST',
      '/v1/registration/session',
      'username=carol&password=Violet-Anchor-19',
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('throttles the fourth failure within 15 minutes without ever locking the directory account', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.api.post('/v1/registration/session', {
        username: 'bob',
        password: `Wrong-Crane-${i}`,
      });
      expect(res.status).toBe(401);
    }
    // The fourth attempt is refused before the password is even checked, so the right one does not get through.
    const fourth = await t.api.post<ProblemBody>('/v1/registration/session', {
      username: 'BOB@contoso.com',
      password: 'Maple-Crane-77',
    });
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('throttled');
    expect(fourth.body.retryAfter).toBeGreaterThan(0);
    expect(fourth.body.retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(fourth.headers.get('retry-after')).toBe(String(fourth.body.retryAfter));
    expect(await locked('bob')).toBe(false);
    expect((await t.rt.directory.findUser('bob'))?.locked).toBe(false);

    // Unknown users are throttled the same way, so the 429 tells nothing either.
    for (let i = 0; i < 3; i++)
      expect(
        (await t.api.post('/v1/registration/session', { username: 'mallory2', password: 'x' })).status,
      ).toBe(401);
    const ghost = await t.api.post<ProblemBody>('/v1/registration/session', {
      username: 'mallory2',
      password: 'x',
    });
    expect(ghost.status).toBe(429);
    expect(ghost.body.code).toBe('throttled');

    t.clock.advance(15 * minute + 1000);
    await openSession(t, 'bob');
    expect(await locked('bob')).toBe(false);
  });

  it('shares the failure counter with password/change', async () => {
    for (let i = 0; i < 2; i++)
      expect(
        (await t.api.post('/v1/registration/session', { username: 'carol', password: `Wrong-Anchor-${i}` }))
          .status,
      ).toBe(401);
    const change = await t.api.post('/v1/password/change', {
      username: 'carol',
      currentPassword: 'Wrong-Anchor-2',
      newPassword: 'Lantern-Orchid-5150',
    });
    expect(change.status).toBe(401);
    const next = await t.api.post<ProblemBody>('/v1/password/change', {
      username: 'carol',
      currentPassword: 'Violet-Anchor-19',
      newPassword: 'Lantern-Orchid-5150',
    });
    expect(next.status).toBe(429);
    expect(await locked('carol')).toBe(false);
    t.clock.advance(15 * minute + 1000);
  });

  it('a session lives 15 minutes and is never extended by use', async () => {
    const token = await openSession(t, 'bob');
    t.clock.advance(10 * minute);
    expect((await view(t, token)).status).toBe(200);
    t.clock.advance(5 * minute - 2000);
    expect((await view(t, token)).status).toBe(200);
    t.clock.advance(3000);
    const expired = await view(t, token);
    expect(expired.status).toBe(401);
    expect((expired.body as unknown as ProblemBody).code).toBe('unauthorized');
  });

  it('a password reset revokes open registration sessions and unused tickets', async () => {
    const token = await openSession(t, 'alice');
    expect((await view(t, token)).status).toBe(200);
    const key = await createApiKey(t.db, { scope: 'tickets', name: 'login-backend', now: t.clock.now() });
    const minted = await t.api.post<{ ticket: string }>(
      '/v1/tickets',
      { username: 'alice' },
      { token: key.key },
    );
    expect(minted.status, minted.text).toBe(201);

    const start = await startReset(t, 'alice');
    expect(start.status).toBe(201);
    const flow = start.body.token;
    const before = await lastDelivered(t, 'alice@personal.example');
    expect(
      (await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token: flow })).status,
    ).toBe(202);
    const code = await codeFor(t, 'alice@personal.example', before);
    expect(
      (await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token: flow })).status,
    ).toBe(200);
    const set = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token: flow });
    expect(set.status, set.text).toBe(200);

    const after = await view(t, token);
    expect(after.status).toBe(401);
    expect((after.body as unknown as ProblemBody).code).toBe('unauthorized');
    const confirm = await t.api.post('/v1/registration/confirm', {}, { token });
    expect(confirm.status).toBe(401);
    const redeemed = await t.api.post('/v1/registration/session', { ticket: minted.body.ticket });
    expect(redeemed.status).toBe(401);
    // The old password no longer opens one; the new one does.
    expect(
      (await t.api.post('/v1/registration/session', { username: 'alice', password: 'Tulip-Harbor-42' }))
        .status,
    ).toBe(401);
    const fresh = await t.api.post('/v1/registration/session', {
      username: 'alice',
      password: 'Quartz-Meadow-8812',
    });
    expect(fresh.status).toBe(201);
  });
});
