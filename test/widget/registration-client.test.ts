// The widget's real API client against a real service (PGlite, demo users): registration calls, ETags and password change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../server/seed-demo.ts';
import { createClient, type RegainClient } from '../../widget/api/client.ts';
import { codeFor, startService, type TestService } from '../helpers/service.ts';

/** Unwraps an ApiResult, failing the test with the problem when the call failed. */
function must<T>(r: { ok: true; data: T } | { ok: false; problem: unknown }): T {
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.problem)}`);
  return r.data;
}

describe('widget client against the service', () => {
  let t: TestService;
  let client: RegainClient;
  beforeAll(async () => {
    t = await startService('pglite');
    client = createClient({ api: t.url, locale: 'en' });
  });
  afterAll(async () => t?.close());

  it('carol signs in, adds and verifies an alternate email, answers questions and becomes configured', async () => {
    const wrong = await client.openSession({ username: 'carol', password: 'not-her-password' });
    expect(wrong).toEqual({ ok: false, problem: { status: 401, code: 'unauthorized' } });

    const session = must(await client.openSession({ username: 'carol', password: demoUsers.carol }));
    expect(session.user.displayName).toBe('Carol Smith');
    expect(session.status.configured).toBe(false);
    const token = session.token;

    const before = must(await client.registration(token));
    expect(before.methods).toEqual([]);
    expect(before.etag).toMatch(/^(W\/)?"v\d+"$/);

    const address = 'carol.smith@home.example';
    const pending = must(await client.addMethod(token, { id: 'alternateEmail', email: address }));
    expect(pending.codeLength).toBe(8);
    const code = await codeFor(t, address);
    const verified = must(
      await client.verifyMethod(token, { pendingId: pending.pendingId, code }, before.etag),
    );
    expect(verified.method).toMatchObject({ id: 'alternateEmail', source: 'user' });
    expect(verified.method.verifiedAt).not.toBeNull();

    const afterEmail = must(await client.registration(token));
    expect(afterEmail.methods.map((m) => m.id)).toEqual(['alternateEmail']);
    expect(afterEmail.etag).not.toBe(before.etag);

    // A write under the ETag from before the change is refused.
    const stale = await client.confirm(token, before.etag);
    expect(stale).toEqual({ ok: false, problem: { status: 409, code: 'registration_changed' } });

    const config = must(await client.config());
    const { catalog, toRegister } = config.registration.questions;
    expect(catalog.length).toBeGreaterThanOrEqual(toRegister);
    const answers = ['Marmalade', 'Reykjavik', 'Oakwood Primary', 'Tangerine', 'Saxophone'];
    const put = must(
      await client.putQuestions(
        token,
        catalog
          .slice(0, toRegister)
          .map((q, i) => ({ questionId: q.id, answer: answers[i] ?? `Answer ${i}` })),
        afterEmail.etag,
      ),
    );
    expect(put.questions).toEqual({ registered: toRegister, required: toRegister });

    const done = must(await client.registration(token));
    expect(done.status.configured).toBe(true);
    expect(done.questions.registered).toBe(toRegister);
    expect(must(await client.confirm(token, done.etag)).status.configured).toBe(true);
  });

  it('alice must step up with a method on file before adding one', async () => {
    const { token } = must(await client.openSession({ username: 'alice', password: demoUsers.alice }));
    const body = { id: 'mobilePhone' as const, phone: '+14255550177', channel: 'sms' as const };
    const refused = await client.addMethod(token, body);
    expect(refused).toEqual({ ok: false, problem: { status: 403, code: 'step_up_required' } });
    const sent = must(await client.stepUp(token, { method: 'alternateEmail' }));
    expect(sent.codeLength).toBe(8);
    const code = await codeFor(t, 'alice@personal.example');
    expect(must(await client.stepUpVerify(token, { method: 'alternateEmail', code }))).toEqual({
      steppedUp: true,
    });
    expect(must(await client.addMethod(token, body)).codeLength).toBe(6);
  });

  it("changes bob's password; the old one stops working", async () => {
    const fresh = 'Quartz-Meadow-Lantern-58';
    const check = must(await client.checkPassword({ password: 'bob', username: 'bob' }));
    expect(check.accepted).toBe(false);
    const changed = await client.changePassword({
      username: 'bob',
      currentPassword: demoUsers.bob,
      newPassword: fresh,
      locale: 'en',
    });
    expect(changed).toEqual({ ok: true, status: 200, data: { status: 'changed' } });
    const again = await client.changePassword({
      username: 'bob',
      currentPassword: demoUsers.bob,
      newPassword: fresh,
    });
    expect(again).toEqual({ ok: false, problem: { status: 401, code: 'unauthorized' } });
    expect((await client.openSession({ username: 'bob', password: demoUsers.bob })).ok).toBe(false);
    expect((await client.openSession({ username: 'bob', password: fresh })).ok).toBe(true);
  });
});
