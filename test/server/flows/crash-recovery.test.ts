// A crash between the directory write and the flow's close (SECURITY 46): no replay, exactly one notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../server/directory/directory.ts';
import { recoverInterruptedWrites, writingGraceMs } from '../../../server/flows/recovery.ts';
import {
  codeFor,
  dbKinds,
  latestMessageId,
  setPolicy,
  startReset,
  startService,
  type TestService,
} from '../../helpers/service.ts';

/** The directory as it is, except setPassword, which runs `write` instead. */
function withSetPassword(real: Directory, write: Directory['setPassword']): Directory {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'setPassword') return write;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe.each(dbKinds)('interrupted password writes on %s', (kind) => {
  let t: TestService;
  let real: Directory;
  beforeAll(async () => {
    t = await startService(kind);
    real = t.rt.services.directory;
    await setPolicy(t, { reset: { gatesRequired: 1 } });
  });
  afterAll(async () => t?.close());

  /** A flow of `username` with its one gate passed, by the alternate email. */
  async function passedFlow(username: string, email: string): Promise<string> {
    const start = await startReset(t, username);
    const token = start.body.token;
    const before = await latestMessageId(t, email);
    expect((await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token })).status).toBe(
      202,
    );
    const code = await codeFor(t, email, before);
    const v = await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token });
    expect(v.body).toMatchObject({ next: 'password' });
    return token;
  }

  const noticesFor = async (userEmail: string) =>
    (
      await t.db.query<{ destination: string }>(
        `SELECT destination FROM outbox WHERE kind = 'password_changed' AND destination = $1`,
        [userEmail],
      )
    ).map((r) => r.destination);
  const allNotices = async () =>
    (
      await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'password_changed'`)
    )[0]!.n;

  it('closes the flow at once, then finishes it once after the grace period, however many sweeps run', async () => {
    const token = await passedFlow('alice', 'alice@personal.example');
    const alice = (await real.findUser('alice'))!;
    const [flow] = await t.db.query<{ id: string }>(
      `SELECT id FROM flows WHERE user_id = $1 AND state = 'gates_passed'`,
      [alice.id],
    );

    // The process "dies" right after the directory accepted the password: nothing after the write ever runs.
    let written!: () => void;
    const wrote = new Promise<void>((r) => {
      written = r;
    });
    t.rt.services.directory = withSetPassword(real, async (id, password, opts) => {
      await real.setPassword(id, password, opts);
      written();
      return new Promise<never>(() => {});
    });
    // Never answered; it settles when the service closes.
    void t.api
      .post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token })
      .catch(() => undefined);
    await wrote;
    // "Restart": the directory is healthy again; the database is what the crash left.
    t.rt.services.directory = real;
    expect(await real.verifyPassword(alice.id, 'Quartz-Meadow-8812')).toBe(true);
    const [stuck] = await t.db.query<{ state: string; writing_at: Date | null }>(
      'SELECT state, writing_at FROM flows WHERE id = $1',
      [flow!.id],
    );
    expect(stuck).toMatchObject({ state: 'writing', writing_at: expect.any(Date) });
    const baseline = await allNotices();

    // 0 replays: the token cannot set another password, before or after recovery.
    const replay = await t.api.post('/v1/reset/password', { password: 'Lantern-Orchid-5150' }, { token });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('flow_used');
    expect(await real.verifyPassword(alice.id, 'Quartz-Meadow-8812')).toBe(true);

    // Within the grace period a write may still be under way on a live instance: left alone.
    expect(await recoverInterruptedWrites(t.rt.services)).toBe(0);
    expect(await allNotices()).toBe(baseline);

    t.clock.advance(writingGraceMs + 1000);
    // Two instances sweeping at once finish the flow once between them.
    const counts = await Promise.all([
      recoverInterruptedWrites(t.rt.services),
      recoverInterruptedWrites(t.rt.services),
    ]);
    expect(counts[0]! + counts[1]!).toBe(1);
    const [done] = await t.db.query<{ state: string }>('SELECT state FROM flows WHERE id = $1', [flow!.id]);
    expect(done?.state).toBe('done');
    // 1 notification per channel on file, as a normal reset sends.
    expect(await noticesFor('alice@personal.example')).toEqual(['alice@personal.example']);
    expect(await noticesFor('alice@contoso.com')).toEqual(['alice@contoso.com']);
    const after = await allNotices();
    expect(after).toBeGreaterThan(baseline);
    const audit = await t.db.query<{ data: { recovered?: boolean } }>(
      `SELECT data FROM audit WHERE user_id = $1 AND detail = 'password_reset'`,
      [alice.id],
    );
    expect(audit.map((a) => a.data?.recovered)).toEqual([true]);

    // A later sweep finds nothing more to do.
    expect(await recoverInterruptedWrites(t.rt.services)).toBe(0);
    expect(await allNotices()).toBe(after);
    expect(
      (await t.api.post('/v1/reset/password', { password: 'Lantern-Orchid-5150' }, { token })).status,
    ).toBe(409);
  });

  it('a write that outlives the grace period does not notify a second time when it finally returns', async () => {
    const token = await passedFlow('bob', 'bob@personal.example');
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const writing = new Promise<void>((r) => {
      started = r;
    });
    t.rt.services.directory = withSetPassword(real, async (id, password, opts) => {
      started();
      await gate;
      await real.setPassword(id, password, opts);
    });
    const answer = t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token });
    await writing;
    t.clock.advance(writingGraceMs + 1000);
    expect(await recoverInterruptedWrites(t.rt.services)).toBe(1);
    const afterRecovery = await allNotices();
    release();
    expect((await answer).status).toBe(200);
    t.rt.services.directory = real;
    expect(await allNotices()).toBe(afterRecovery);
  });
});
