// Registration codes under concurrency and odd input: a late right code is a replay (409), a made-up id a counted failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, startService, type TestService } from '../../helpers/service.ts';
import { addMethod, openSession } from './support.ts';

describe.each(dbKinds)('registration codes on %s', (kind) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService(kind);
  });
  afterAll(async () => t?.close());

  it('counts a made-up pending id as a failure, down to a block, instead of answering 0 attempts left for free', async () => {
    // carol has nothing on file yet, so no step-up stands in the way.
    const token = await openSession(t, 'carol');
    const left: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await t.api.post(
        '/v1/registration/methods/verify',
        { pendingId: '00000000-0000-4000-8000-000000000000', code: '12345678' },
        { token },
      );
      left.push(r.status === 400 ? (r.body.attemptsLeft as number) : -r.status);
    }
    expect(left).toEqual([4, 3, 2, 1, 0, -429]);
  });

  it('registers once when the right code is sent 10 times in parallel; the others are 409 and spend nothing', async () => {
    await t.api.post('/v1/admin/users/carol/unblock', undefined, { token: t.adminKey });
    await t.db.query("DELETE FROM throttles WHERE key LIKE 'regfail:%'");
    const token = await openSession(t, 'carol');
    const email = 'carol.race@home.example';
    const { pendingId, code } = await addMethod(t, token, { id: 'alternateEmail', email }, email);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.api.post('/v1/registration/methods/verify', { pendingId, code }, { token }),
      ),
    );
    expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join('\n')).toEqual([
      200,
      ...Array(9).fill(409),
    ]);
    for (const late of answers.filter((a) => a.status === 409))
      expect(late.body.code).toBe('registration_changed');
    const [row] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM throttles WHERE key LIKE 'regfail:%' AND count > 0",
    );
    expect(row?.n).toBe(0);
  });
});
