// The one code lifecycle on its own: issue (budget, supersede, send), check (IP throttle, count, judge, single use,
// block), including the cases where the reset and registration copies once drifted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../../api/policy.ts';
import {
  type CheckCode,
  checkCode,
  codeLifetimeMs,
  issueCode,
  type Standing,
  type StoredCode,
  used,
} from '../../../server/flows/codes.ts';
import { ProblemError } from '../../../server/problem.ts';
import type { Services } from '../../../server/services.ts';
import { codeFor, dbKinds, startReset, startService, type TestService } from '../../helpers/service.ts';

describe.each(dbKinds)('one-time codes on %s', (kind) => {
  let t: TestService;
  let s: Services;
  let p: Policy;
  beforeAll(async () => {
    t = await startService(kind);
    s = t.rt.services;
    p = await s.policies.get();
  });
  afterAll(async () => t?.close());

  type Slot = { flowId: string; subject: string; to: string; ipKey: string };
  /** A flow of its own per test (codes belong to one; a decoy's will do), with its own subject, destination and IP. */
  const fresh = async (): Promise<Slot> => {
    const n = randomUUID().slice(0, 8);
    expect((await startReset(t, `nobody-${n}`)).status).toBe(201);
    const [flow] = await t.db.query<{ id: string }>('SELECT id FROM flows ORDER BY created_at DESC LIMIT 1');
    return { flowId: flow!.id, subject: `u:${n}`, to: `codes-${n}@test.example`, ipKey: `ip-${n}` };
  };

  async function issue(x: Slot, to: string | undefined = x.to) {
    const audits: string[] = [];
    const sent = await issueCode(s, {
      table: 'codes',
      slot: { flow_id: x.flowId },
      columns: { gate: 1 },
      method: 'alternateEmail',
      channel: 'email',
      bind: () => `${x.flowId}|alternateEmail`,
      policy: p,
      subject: x.subject,
      to,
      destKey: to ?? x.flowId,
      message: { kind: 'reset_code', locale: 'en' },
      audit: async () => {
        audits.push('code_sent');
      },
    });
    return { sent, audits };
  }

  function check(
    x: Slot,
    code: string,
    opts: { standing?: Standing; passes?: string[]; failures?: string[] } = {},
    over: Partial<CheckCode<StoredCode, string>> = {},
  ) {
    const o: CheckCode<StoredCode, string> = {
      table: 'codes',
      where: { flow_id: x.flowId, method: 'alternateEmail' },
      bind: () => `${x.flowId}|alternateEmail`,
      code,
      policy: p,
      ipKey: x.ipKey,
      subject: x.subject,
      failKey: () => `fail:${x.subject}:alternateEmail`,
      lock: async () => opts.standing ?? 'open',
      failed: async (_q, left, detail) => {
        opts.failures?.push(`${detail}:${left}`);
      },
      pass: async (_q, row) => {
        opts.passes?.push(row.id);
        return row.id;
      },
      ...over,
    };
    return checkCode(s, o);
  }

  const status = (e: unknown) => (e instanceof ProblemError ? `${e.status} ${e.code}` : String(e));

  it('issues an 8-digit email code, stores only its HMAC, queues the message and audits the send once', async () => {
    const x = await fresh();
    const { sent, audits } = await issue(x);
    expect(sent.codeLength).toBe(8);
    expect(sent.expiresAt - s.clock.now()).toBe(codeLifetimeMs);
    expect(audits).toEqual(['code_sent']);
    const code = await codeFor(t, x.to);
    expect(code).toMatch(/^\d{8}$/);
    const rows = await t.db.query<{ code_hmac: string }>('SELECT code_hmac FROM codes WHERE id = $1', [
      sent.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hmac).not.toContain(code);
  });

  it('passes a right code once; the same code again is a replay that spends nothing', async () => {
    const x = await fresh();
    await issue(x);
    const code = await codeFor(t, x.to);
    const passes: string[] = [];
    expect(await check(x, code, { passes })).toMatchObject({ verdict: 'ok' });
    expect(await check(x, code, { passes })).toEqual({ verdict: 'used' });
    expect(passes).toHaveLength(1);
    const [slot] = await t.db.query<{ count: number }>('SELECT count FROM throttles WHERE key = $1', [
      `fail:${x.subject}:alternateEmail`,
    ]);
    expect(slot?.count).toBe(0);
  });

  it('counts every wrong code before judging it, blocks the method at the limit, then refuses even the right code', async () => {
    const x = await fresh();
    await issue(x);
    const code = await codeFor(t, x.to);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const failures: string[] = [];
    const lefts: number[] = [];
    for (let i = 0; i < p.throttles.failuresPerMethodPerHour; i++) {
      const v = await check(x, wrong, { failures });
      expect(v.verdict).toBe('bad');
      if (v.verdict === 'bad') lefts.push(v.attemptsLeft);
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    expect(failures.at(-1)).toBe('code_invalid:0');
    await expect(check(x, code)).rejects.toSatisfy((e) => status(e) === '429 throttled');
  });

  it('counts a check that finds no code at all (the registration copy once answered 0 left and counted nothing)', async () => {
    const x = await fresh();
    const failures: string[] = [];
    const v = await check(x, '12345678', { failures });
    expect(v).toEqual({ verdict: 'bad', attemptsLeft: 4 });
    expect(failures).toEqual(['code_invalid:4']);
  });

  it('takes the per-IP verification throttle first (the registration copy once had none)', async () => {
    const x = await fresh();
    const tight = { ...p, throttles: { ...p.throttles, ipVerificationsPerHour: 2 } };
    const failures: string[] = [];
    const run = () => check(x, '1', { failures }, { policy: tight });
    await run();
    await run();
    await expect(run()).rejects.toSatisfy((e) => status(e) === '429 throttled');
    // The refused third check counted nothing against the method.
    expect(failures).toHaveLength(2);
  });

  it('lets exactly one of ten parallel right codes pass; the others are replays and nothing is counted', async () => {
    const x = await fresh();
    await issue(x);
    const code = await codeFor(t, x.to);
    const passes: string[] = [];
    const all = await Promise.all(Array.from({ length: 10 }, () => check(x, code, { passes })));
    expect(all.filter((v) => v.verdict === 'ok')).toHaveLength(1);
    expect(all.filter((v) => v.verdict === 'used')).toHaveLength(9);
    expect(passes).toHaveLength(1);
  });

  it('judges at most the limit of twenty parallel wrong guesses; the rest are throttled', async () => {
    const x = await fresh();
    await issue(x);
    const all = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => check(x, String(i).padStart(8, '9'))),
    );
    const judged = all.filter((r) => r.status === 'fulfilled');
    expect(judged.length).toBeLessThanOrEqual(p.throttles.failuresPerMethodPerHour);
    expect(all.filter((r) => r.status === 'rejected' && status(r.reason) === '429 throttled')).toHaveLength(
      20 - judged.length,
    );
  });

  it('a new code supersedes the earlier one, which no longer passes', async () => {
    const x = await fresh();
    await issue(x);
    const first = await codeFor(t, x.to);
    // Past the send spacing, so the second send is not paced.
    t.clock.advance((p.throttles.sendSpacingSeconds + 1) * 1000);
    try {
      const before = (await t.api.get<{ id: string }[]>(`/v1/dev/outbox?to=${x.to}`)).body[0]?.id;
      await issue(x);
      const second = await codeFor(t, x.to, before);
      if (first !== second) expect((await check(x, first)).verdict).toBe('bad');
      expect((await check(x, second)).verdict).toBe('ok');
    } finally {
      t.clock.set(Date.now());
    }
  });

  it('paces sends to one destination: a second code within the spacing is 429 send_paced', async () => {
    const x = await fresh();
    await issue(x);
    await expect(issue(x)).rejects.toSatisfy((e) => status(e) === '429 send_paced');
  });

  it('an expired code is expired and counted', async () => {
    const x = await fresh();
    await issue(x);
    const code = await codeFor(t, x.to);
    t.clock.advance(codeLifetimeMs + 1000);
    try {
      expect(await check(x, code)).toEqual({ verdict: 'expired', attemptsLeft: 4 });
    } finally {
      t.clock.set(Date.now());
    }
  });

  it('a right code after the purpose was met, or once nothing can pass, is a replay that spends nothing', async () => {
    const x = await fresh();
    await issue(x);
    const code = await codeFor(t, x.to);
    expect(await check(x, code, { standing: 'passed' })).toEqual({ verdict: 'used' });
    expect(await check(x, 'wrong', { standing: 'closed' })).toEqual({ verdict: 'used' });
    expect((await check(x, code)).verdict).toBe('ok');
  });

  it('a pass that loses its race to another request is a replay', async () => {
    const x = await fresh();
    await issue(x);
    const code = await codeFor(t, x.to);
    const v = await check(x, code, {}, { pass: async () => used });
    expect(v).toEqual({ verdict: 'used' });
  });

  it('a decoy code (no destination) is paced and stored like a real one but sends nothing', async () => {
    const x = await fresh();
    const { sent } = await issue(x, undefined);
    expect(sent.codeLength).toBe(8);
    const [n] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM codes WHERE id = $1', [
      sent.id,
    ]);
    expect(n?.n).toBe(1);
    await expect(issue(x, undefined)).rejects.toSatisfy((e) => status(e) === '429 send_paced');
  });
});
