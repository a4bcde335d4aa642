// First registration end to end on PGlite and PostgreSQL: carol registers email, mobile and questions, then resets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusSchema } from '../../../api/registration.ts';
import { codeFor, dbKinds, startReset, startService, type TestService } from '../../helpers/service.ts';
import { addMethod, lastDelivered, registerMethod, type SessionBody, view } from './support.ts';

interface ConfigBody {
  methods: string[];
  registration: {
    methodsRequired: number;
    questions: { toRegister: number; catalog: { id: string; text: string }[] };
  };
}

describe.each(dbKinds)('first registration on %s', (kind) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService(kind);
  });
  afterAll(async () => t?.close());

  it('carol registers without step-up, turns configured, and resets her password through her new email', async () => {
    const config = (await t.api.get<ConfigBody>('/v1/config')).body;
    const open = await t.api.post<SessionBody>('/v1/registration/session', {
      username: 'Carol@contoso.com',
      password: 'Violet-Anchor-19',
    });
    expect(open.status, open.text).toBe(201);
    expect(open.headers.get('cache-control')).toBe('no-store');
    expect(open.body.user).toEqual({ displayName: 'Carol Smith' });
    expect(statusSchema.parse(open.body.status)).toMatchObject({ configured: false, methodsRegistered: 0 });
    const token = open.body.token;

    const email = 'carol.smith@home.example';
    const { pendingId, code } = await addMethod(t, token, { id: 'alternateEmail', email }, email);
    expect(code).toMatch(/^\d{8}$/);
    // Unverified data does not count yet.
    expect((await view(t, token)).body.methods).toEqual([]);
    const wrong = await t.api.post(
      '/v1/registration/methods/verify',
      { pendingId, code: code === '00000000' ? '11111111' : '00000000' },
      { token },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('invalid_code');
    const verified = await t.api.post<{ method: Record<string, unknown> }>(
      '/v1/registration/methods/verify',
      { pendingId, code },
      { token },
    );
    expect(verified.status, verified.text).toBe(200);
    // A first registration needs no step-up and is usable for reset at once.
    expect(verified.body.method).toMatchObject({
      id: 'alternateEmail',
      type: 'email',
      hint: 'c****@h*******.example',
      source: 'user',
      usableForResetAt: null,
    });
    const reused = await t.api.post('/v1/registration/methods/verify', { pendingId, code }, { token });
    // The same right code again is a replay, not a guess: 409, and no attempt spent.
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('registration_changed');

    const mobile = await registerMethod(
      t,
      token,
      { id: 'mobilePhone', phone: '+1 425 555 0177', channel: 'sms' },
      '+14255550177',
    );
    expect(mobile).toMatchObject({ id: 'mobilePhone', hint: '+1 ••••••••77', usableForResetAt: null });

    let expectedRegistered = 2;
    if (config.methods.includes('questions')) {
      const need = config.registration.questions.toRegister;
      const ids = config.registration.questions.catalog.slice(0, need).map((q) => q.id);
      expect(ids).toHaveLength(need);
      const answers = ['Whiskers the cat', 'Portland Oregon', 'Maple Grove Primary', 'Blue Falcon', 'Tacoma']
        .slice(0, need)
        .map((answer, i) => ({ questionId: ids[i], answer }));
      const put = await t.api.put('/v1/registration/questions', { answers }, { token });
      expect(put.status, put.text).toBe(200);
      expect(put.body).toEqual({ questions: { registered: need, required: need } });
      expectedRegistered = 3;
    }

    const after = await view(t, token);
    expect(after.status).toBe(200);
    expect(after.etag).toMatch(/^(W\/)?"v\d+"$/);
    expect(after.body.status).toMatchObject({
      configured: true,
      methodsRegistered: expectedRegistered,
      methodsRequired: config.registration.methodsRequired,
      reconfirmDue: false,
    });
    expect(after.body.methods.map((m) => [m.id, m.source])).toEqual([
      ['alternateEmail', 'user'],
      ['mobilePhone', 'user'],
    ]);

    // The reset now uses the email she just registered: a full reset to a new password.
    const start = await startReset(t, 'carol');
    expect(start.status, start.text).toBe(201);
    expect(start.body.methods.find((m) => m.id === 'alternateEmail')?.hint).toBe('c****@h*******.example');
    const flow = start.body.token;
    // Sends to one address are paced 60 s apart, registration and reset alike.
    t.clock.advance(61_000);
    const before = await lastDelivered(t, email);
    const challenge = await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token: flow });
    expect(challenge.status, challenge.text).toBe(202);
    const resetCode = await codeFor(t, email, before);
    const ok = await t.api.post(
      '/v1/reset/verify',
      { method: 'alternateEmail', code: resetCode },
      { token: flow },
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ next: 'password' });
    const set = await t.api.post('/v1/reset/password', { password: 'Saffron-Glacier-2718' }, { token: flow });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toEqual({ status: 'reset', unlocked: false });
    const carol = await t.rt.directory.findUser('carol');
    expect(await t.rt.directory.verifyPassword(carol!.id, 'Saffron-Glacier-2718')).toBe(true);
    expect(await t.rt.directory.verifyPassword(carol!.id, 'Violet-Anchor-19')).toBe(false);
  });

  it('parallel writes quoting one ETag: exactly one wins, the others get 409 registration_changed', async () => {
    const open = await t.api.post<SessionBody>('/v1/registration/session', {
      username: 'bob',
      password: 'Maple-Crane-77',
    });
    expect(open.status, open.text).toBe(201);
    const token = open.body.token;
    const before = await view(t, token);
    const headers = { 'if-match': before.etag ?? '' };
    const results = await Promise.all(
      [0, 1, 2].map(() => t.api.post('/v1/registration/confirm', {}, { token, headers })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('registration_changed');
    const version = (etag: string | null) => Number(/"v(\d+)"/.exec(etag ?? '')?.[1]);
    expect(version((await view(t, token)).etag)).toBe(version(before.etag) + 1);
  });

  it('a stale If-Match on verifying a new method is 409 and leaves the code usable', async () => {
    // A user of its own: earlier tests here register carol, whose changes would then need a step-up.
    await t.rt.directory.addUser({
      username: 'erin',
      displayName: 'Erin Stale',
      email: 'erin@contoso.com',
      password: 'Ember-Lattice-Vault-31',
    });
    const open = await t.api.post<SessionBody>('/v1/registration/session', {
      username: 'erin',
      password: 'Ember-Lattice-Vault-31',
    });
    expect(open.status, open.text).toBe(201);
    const token = open.body.token;
    t.clock.advance(61_000);
    const stale = (await view(t, token)).etag ?? '';
    const { pendingId, code } = await addMethod(
      t,
      token,
      { id: 'alternateEmail', email: 'erin@home.example' },
      'erin@home.example',
    );
    expect((await t.api.post('/v1/registration/confirm', {}, { token })).status).toBe(200);
    const refused = await t.api.post(
      '/v1/registration/methods/verify',
      { pendingId, code },
      { token, headers: { 'if-match': stale } },
    );
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('registration_changed');
    const fresh = (await view(t, token)).etag ?? '';
    const ok = await t.api.post(
      '/v1/registration/methods/verify',
      { pendingId, code },
      { token, headers: { 'if-match': fresh } },
    );
    expect(ok.status, ok.text).toBe(200);
  });
});
