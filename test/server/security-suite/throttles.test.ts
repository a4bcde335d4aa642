// Throttles (SECURITY.md B6–B9, B11, B13, A3): failures per method, 24 h blocks, reset starts per account, canonical names, per-IP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../server/security/tokens.ts';
import { setPolicy, startReset, startService, type TestService } from '../../helpers/service.ts';
import {
  asProblem,
  challengeCode,
  headerNames,
  hourMs,
  minuteMs,
  type ThrottleRow,
  unblock,
  userId,
  type VerifyBody,
  wrongCode,
} from './support.ts';

const email = 'alice@personal.example';
// High per-IP limits, so the many starts of this file from 127.0.0.1 only meet the limits under test.
const roomyIpLimits = { ipResetStartsPerHour: 10_000, ipVerificationsPerHour: 20_000 };

describe('throttles', () => {
  let t: TestService;
  let alice: string;

  beforeAll(async () => {
    t = await startService('pglite');
    await setPolicy(t, { throttles: roomyIpLimits });
    alice = await userId(t, 'alice');
  });
  afterAll(async () => t?.close());

  /** Past the send pacing of earlier tests, with the user's reset counters cleared. */
  async function fresh(username: string): Promise<void> {
    t.clock.advance(minuteMs + 1000);
    await unblock(t, username);
  }

  async function newFlow(username: string): Promise<string> {
    const start = await startReset(t, username);
    expect(start.status, start.text).toBe(201);
    return start.body.token;
  }

  /** Five wrong codes on alice's email method; the fifth reports no attempts left. */
  async function exhaustEmail(token: string): Promise<string> {
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, email);
    const lefts: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.api.post(
        '/v1/reset/verify',
        { method: 'alternateEmail', code: wrongCode(code) },
        { token },
      );
      expect(r.status).toBe(400);
      expect(asProblem(r).code).toBe('invalid_code');
      lefts.push(asProblem(r).attemptsLeft);
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    return code;
  }

  /** Probes whether a flow token is live without changing it: a live flow answers 400 to an empty verify. */
  async function flowState(token: string): Promise<number> {
    return (await t.api.post('/v1/reset/verify', {}, { token })).status;
  }

  it('throttles the sixth wrong code on a method (the fifth says attemptsLeft 0) and refuses the right one alike', async () => {
    await fresh('alice');
    const token = await newFlow('alice');
    const code = await exhaustEmail(token);
    const sixth = await t.api.post(
      '/v1/reset/verify',
      { method: 'alternateEmail', code: wrongCode(code) },
      { token },
    );
    expect(sixth.status).toBe(429);
    expect(asProblem(sixth).code).toBe('throttled');
    // The method is blocked for a day, not for the rest of the hour.
    expect(asProblem(sixth).retryAfter).toBeGreaterThan(23 * 3600);
    expect(asProblem(sixth).retryAfter).toBeLessThanOrEqual(24 * 3600);
    expect(sixth.headers.get('retry-after')).toBe(String(asProblem(sixth).retryAfter));
    const right = await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token });
    expect(right.status).toBe(429);
    expect(right.body).toEqual(sixth.body);
  });

  it('keeps a blocked method blocked at +23h59m and lets it work again at +24h01m', async () => {
    await fresh('alice');
    await exhaustEmail(await newFlow('alice'));
    t.clock.advance(23 * hourMs + 59 * minuteMs);
    const late = await newFlow('alice');
    const still = await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token: late });
    expect(still.status).toBe(429);
    expect(asProblem(still).code).toBe('throttled');
    expect(asProblem(still).retryAfter).toBeGreaterThan(0);
    expect(asProblem(still).retryAfter).toBeLessThanOrEqual(60);

    t.clock.advance(2 * minuteMs);
    const later = await newFlow('alice');
    const code = await challengeCode(t, later, { method: 'alternateEmail' }, email);
    const ok = await t.api.post<VerifyBody>(
      '/v1/reset/verify',
      { method: 'alternateEmail', code },
      { token: later },
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.next).toBe('password');
  });

  it('blocks only the failing method: with mobilePhone blocked, alternateEmail works in a new flow', async () => {
    await fresh('alice');
    const token = await newFlow('alice');
    for (const left of [4, 3, 2, 1, 0]) {
      const r = await t.api.post(
        '/v1/reset/challenge',
        { method: 'mobilePhone', channel: 'sms', proof: '+1 425 555 0199' },
        { token },
      );
      expect(r.status).toBe(400);
      expect(asProblem(r)).toMatchObject({ code: 'proof_mismatch', attemptsLeft: left });
    }
    const next = await newFlow('alice');
    const right = await t.api.post(
      '/v1/reset/challenge',
      { method: 'mobilePhone', channel: 'sms', proof: '+14255550100' },
      { token: next },
    );
    expect(right.status).toBe(429);
    expect(asProblem(right).code).toBe('throttled');
    const code = await challengeCode(t, next, { method: 'alternateEmail' }, email);
    const ok = await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token: next });
    expect(ok.status, ok.text).toBe(200);
  });

  it('throttles the sixth reset start in an hour for an hour, not a day', async () => {
    await fresh('bob');
    for (let i = 0; i < 5; i++) expect((await startReset(t, 'bob')).status).toBe(201);
    const sixth = await startReset(t, 'bob');
    expect(sixth.status).toBe(429);
    expect(asProblem(sixth).code).toBe('throttled');
    expect(asProblem(sixth).retryAfter).toBeGreaterThan(0);
    expect(asProblem(sixth).retryAfter).toBeLessThanOrEqual(3600);
    t.clock.advance(59 * minuteMs);
    const stillWithinHour = await startReset(t, 'bob');
    expect(stillWithinHour.status).toBe(429);
    expect(asProblem(stillWithinHour).retryAfter).toBeLessThanOrEqual(60);
    t.clock.advance(2 * minuteMs);
    expect((await startReset(t, 'bob')).status).toBe(201);
  });

  it('counts alice, ALICE and alice@contoso.com on one start counter', async () => {
    await fresh('alice');
    for (const name of ['alice', 'ALICE', 'alice@contoso.com', ' Alice ', 'ALICE@CONTOSO.COM'])
      expect((await startReset(t, name)).status, name).toBe(201);
    const sixth = await startReset(t, 'aLiCe');
    expect(sixth.status).toBe(429);
    expect(asProblem(sixth).code).toBe('throttled');
    const rows = await t.db.query<ThrottleRow>(
      `SELECT * FROM throttles WHERE key LIKE 'start:%' AND subject = $1`,
      [`u:${alice}`],
    );
    expect(rows.map((r) => [r.key, r.count])).toEqual([[`start:u:${alice}`, 6]]);
  });

  it('throttles unknown usernames like real ones: the sixth start gets the same 429', async () => {
    await fresh('carol');
    const real: number[] = [];
    const decoy: number[] = [];
    // Interleaved at one instant, so both windows open together and the 429s can be compared byte for byte.
    for (let i = 0; i < 5; i++) {
      real.push((await startReset(t, 'carol')).status);
      decoy.push((await startReset(t, 'zed-nobody')).status);
    }
    expect(real).toEqual([201, 201, 201, 201, 201]);
    expect(decoy).toEqual(real);
    const sixthReal = await startReset(t, 'carol');
    const sixthDecoy = await startReset(t, 'zed-nobody');
    expect(sixthReal.status).toBe(429);
    expect(sixthDecoy.status).toBe(429);
    expect(sixthDecoy.body).toEqual(sixthReal.body);
    expect(headerNames(sixthDecoy.headers)).toEqual(headerNames(sixthReal.headers));
  });

  it('clears the counters and closes her other open flows after a successful reset', async () => {
    await fresh('alice');
    const other = await newFlow('alice');
    const token = await newFlow('alice');
    // A newer start already supersedes the older flow...
    expect(await flowState(other)).toBe(401);
    // ...so reopen it, as a start racing on another instance could leave it, to see the reset close it.
    await t.db.query(`UPDATE flows SET state = 'started', finished_at = NULL WHERE token_hash = $1`, [
      hashToken(other),
    ]);
    expect(await flowState(other)).toBe(400);

    const proofMiss = await t.api.post(
      '/v1/reset/challenge',
      { method: 'mobilePhone', channel: 'sms', proof: '+1 425 555 0199' },
      { token },
    );
    expect(asProblem(proofMiss).code).toBe('proof_mismatch');
    const code = await challengeCode(t, token, { method: 'alternateEmail' }, email);
    for (let i = 0; i < 2; i++)
      expect(
        (await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code: wrongCode(code) }, { token }))
          .status,
      ).toBe(400);
    expect((await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token })).status).toBe(
      200,
    );
    const counted = await t.db.query<ThrottleRow>(
      `SELECT * FROM throttles WHERE subject = $1 AND key ~ '^(start|fail|email):'`,
      [`u:${alice}`],
    );
    expect(counted.length).toBeGreaterThanOrEqual(3);

    const set = await t.api.post('/v1/reset/password', { password: 'Copper-Lagoon-3077' }, { token });
    expect(set.status, set.text).toBe(200);
    const left = await t.db.query<ThrottleRow>(
      `SELECT * FROM throttles WHERE subject = $1 AND key ~ '^(start|fail|email|acct):'`,
      [`u:${alice}`],
    );
    expect(left).toEqual([]);
    const closed = await t.api.post(
      '/v1/reset/verify',
      { method: 'alternateEmail', code: '12345678' },
      { token: other },
    );
    expect(closed.status).toBe(401);
    expect(asProblem(closed).code).toBe('flow_expired');
    // Two starts were counted before the reset; five more in the same hour pass only because it cleared them.
    for (let i = 0; i < 5; i++) expect((await startReset(t, 'alice')).status).toBe(201);
  });

  it('ignores X-Forwarded-For from an untrusted peer: every start counts on 127.0.0.1', async () => {
    t.clock.advance(hourMs + 1000);
    await setPolicy(t, { throttles: { ipResetStartsPerHour: 3 } });
    try {
      const spoofed = ['203.0.113.1', '198.51.100.2, 203.0.113.2', '2001:db8::1'];
      for (const [i, xff] of spoofed.entries()) {
        const r = await startReset(t, `zed-spoof-${i}`, { 'x-forwarded-for': xff });
        expect(r.status, xff).toBe(201);
      }
      const fourth = await startReset(t, 'zed-spoof-3', { 'x-forwarded-for': '192.0.2.44' });
      expect(fourth.status).toBe(429);
      expect(asProblem(fourth).code).toBe('throttled');
      const keys = await t.db.query<ThrottleRow>(`SELECT * FROM throttles WHERE key LIKE 'ipstart:%'`);
      expect(keys.map((k) => [k.key, k.count])).toEqual([['ipstart:127.0.0.1', 4]]);
      const ips = await t.db.query<{ ip: string }>(
        `SELECT DISTINCT ip FROM audit WHERE kind = 'reset' AND at >= $1`,
        [new Date(t.clock.now())],
      );
      expect(ips).toEqual([{ ip: '127.0.0.1' }]);
    } finally {
      await setPolicy(t, { throttles: roomyIpLimits });
    }
  });
});
