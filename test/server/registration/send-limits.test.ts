// Registration sends: 60 s pacing per address, at most 3 new destinations per session, the SMS prefix budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPolicy, startService, type TestService } from '../../helpers/service.ts';
import { minute, type NewMethod, openSession, outbox, type ProblemBody } from './support.ts';

describe('registration send limits', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService('pglite');
  });
  afterAll(async () => t?.close());

  const add = (token: string, body: NewMethod) =>
    t.api.post<ProblemBody>('/v1/registration/methods', body, { token });

  it('paces a second code to the same address within 60 s (send_paced), then sends again', async () => {
    const token = await openSession(t, 'carol');
    const email = 'carol.pace@home.example';
    expect((await add(token, { id: 'alternateEmail', email })).status).toBe(202);
    expect(await outbox(t, email)).toHaveLength(1);
    t.clock.advance(30_000);
    const again = await add(token, { id: 'alternateEmail', email });
    expect(again.status).toBe(429);
    expect(again.body.code).toBe('send_paced');
    expect(again.body.retryAfter).toBeGreaterThan(0);
    expect(again.body.retryAfter).toBeLessThanOrEqual(30);
    expect(again.headers.get('retry-after')).toBe(String(again.body.retryAfter));
    expect(await outbox(t, email)).toHaveLength(1);
    t.clock.advance(31_000);
    expect((await add(token, { id: 'alternateEmail', email })).status).toBe(202);
    expect(await outbox(t, email)).toHaveLength(2);
  });

  it('paces an email address whatever the case it is typed in', async () => {
    t.clock.advance(2 * minute);
    const token = await openSession(t, 'carol');
    expect((await add(token, { id: 'alternateEmail', email: 'carol.case@home.example' })).status).toBe(202);
    const upper = await add(token, { id: 'alternateEmail', email: 'Carol.Case@HOME.example' });
    expect(upper.status).toBe(429);
    expect(upper.body.code).toBe('send_paced');
    expect(await outbox(t, 'carol.case@home.example')).toHaveLength(1);
  });

  it('refuses a fourth distinct new destination in one session (429 throttled), not a resend to a known one', async () => {
    const token = await openSession(t, 'carol');
    const phones = ['+12065550181', '+13605550182', '+15035550183'];
    expect((await add(token, { id: 'mobilePhone', phone: phones[0]!, channel: 'sms' })).status).toBe(202);
    expect((await add(token, { id: 'officePhone', phone: phones[1]! })).status).toBe(202);
    expect((await add(token, { id: 'mobilePhone', phone: phones[2]!, channel: 'sms' })).status).toBe(202);
    const fourth = await add(token, { id: 'mobilePhone', phone: '+17025550184', channel: 'sms' });
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('throttled');
    expect(fourth.body.retryAfter).toBeGreaterThan(0);
    expect(await outbox(t, '+17025550184')).toEqual([]);
    // An email is a new destination too.
    const email = await add(token, { id: 'alternateEmail', email: 'carol.fourth@home.example' });
    expect(email.status).toBe(429);
    // A destination already pending in the session may get a new code once paced.
    t.clock.advance(61_000);
    expect((await add(token, { id: 'mobilePhone', phone: phones[0]!, channel: 'sms' })).status).toBe(202);
    // A new session starts a new count.
    const other = await openSession(t, 'carol');
    expect((await add(other, { id: 'mobilePhone', phone: '+17025550184', channel: 'sms' })).status).toBe(202);
  });

  it('caps SMS to numbers sharing their first 6 digits (phoneSendsPerPrefixPer10Minutes)', async () => {
    // The per-user daily SMS budget is raised so that only the prefix budget is in play.
    await setPolicy(t, { throttles: { phoneSendsPerPrefixPer10Minutes: 2, phoneSendsPerUserPerDay: 20 } });
    t.clock.advance(11 * minute);
    const token = await openSession(t, 'carol');
    expect((await add(token, { id: 'mobilePhone', phone: '+14255550191', channel: 'sms' })).status).toBe(202);
    expect((await add(token, { id: 'mobilePhone', phone: '+14255550192', channel: 'sms' })).status).toBe(202);
    const third = await add(token, { id: 'mobilePhone', phone: '+14255550193', channel: 'sms' });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('throttled');
    expect(third.body.retryAfter).toBeGreaterThan(0);
    expect(third.body.retryAfter).toBeLessThanOrEqual(10 * 60);
    expect(await outbox(t, '+14255550193')).toEqual([]);
    // Another prefix is not affected (from a fresh session, so the destination cap plays no part).
    const other = await openSession(t, 'carol');
    expect((await add(other, { id: 'mobilePhone', phone: '+12065550194', channel: 'sms' })).status).toBe(202);
    // The prefix budget comes back after its 10 minutes.
    t.clock.advance(10 * minute + 1000);
    expect((await add(other, { id: 'mobilePhone', phone: '+14255550193', channel: 'sms' })).status).toBe(202);
  });

  it('answers a number already on someone else\'s account like any other (no "already in use")', async () => {
    t.clock.advance(11 * minute);
    const token = await openSession(t, 'carol');
    const taken = await add(token, { id: 'mobilePhone', phone: '+14255550100', channel: 'sms' });
    const free = await add(token, { id: 'mobilePhone', phone: '+13605550199', channel: 'sms' });
    expect(taken.status, taken.text).toBe(202);
    expect(free.status, free.text).toBe(202);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(free.body).sort());
  });
});
