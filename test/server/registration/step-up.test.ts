// Changes with methods on file: step-up first, 24 h before a new method gates a reset, notices, admin-set and privileged data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhone } from '../../../server/delivery/mask.ts';
import { setPolicy, startReset, startService, type TestService } from '../../helpers/service.ts';
import {
  day,
  lastDelivered,
  minute,
  offBy,
  openSession,
  outbox,
  registerMethod,
  stepUp,
  view,
} from './support.ts';

const questions = (answers: string[]) => ({
  answers: ['builtin.childhood-friend', 'builtin.first-car', 'builtin.dream-job'].map((questionId, i) => ({
    questionId,
    answer: answers[i],
  })),
});

describe('registration changes that need a step-up', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService('pglite');
  });
  afterAll(async () => t?.close());

  it('alice cannot add, replace or delete a method until she steps up with a code to a method on file', async () => {
    const token = await openSession(t, 'alice');
    const before = (await view(t, token)).body;
    const refused = [
      await t.api.post(
        '/v1/registration/methods',
        { id: 'alternateEmail', email: 'alice@new.example' },
        { token },
      ),
      await t.api.post('/v1/registration/methods', { id: 'mobilePhone', phone: '+14255550142' }, { token }),
      await t.api.call('DELETE', '/v1/registration/methods/officePhone', undefined, { token }),
      await t.api.put(
        '/v1/registration/questions',
        questions(['Jonathan Park', 'Honda Civic', 'Astronaut']),
        { token },
      ),
    ];
    for (const r of refused) {
      expect(r.status, r.text).toBe(403);
      expect(r.body.code).toBe('step_up_required');
    }
    expect(await outbox(t, 'alice@new.example')).toEqual([]);
    expect(await outbox(t, '+14255550142')).toEqual([]);
    expect((await view(t, token)).body).toEqual(before);

    // A wrong step-up code does not unlock changes.
    const sent = await t.api.post('/v1/registration/step-up', { method: 'alternateEmail' }, { token });
    expect(sent.status, sent.text).toBe(202);
    expect(sent.body).toMatchObject({ method: 'alternateEmail', codeLength: 8 });
    const bad = await t.api.post(
      '/v1/registration/step-up/verify',
      { method: 'alternateEmail', code: '00000000' },
      { token },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_code');
    const still = await t.api.post(
      '/v1/registration/methods',
      { id: 'mobilePhone', phone: '+14255550142' },
      { token },
    );
    expect(still.status).toBe(403);

    t.clock.advance(61_000);
    await stepUp(t, token, 'alternateEmail', 'alice@personal.example');

    // The same number cannot be both phones; the alternate email cannot be the primary address.
    const samePhone = await t.api.post(
      '/v1/registration/methods',
      { id: 'officePhone', phone: '+14255550100' },
      { token },
    );
    expect(samePhone.status).toBe(422);
    const primary = await t.api.post(
      '/v1/registration/methods',
      { id: 'alternateEmail', email: 'Alice@Contoso.com' },
      { token },
    );
    expect(primary.status).toBe(422);

    const added = await registerMethod(
      t,
      token,
      { id: 'mobilePhone', phone: '+14255550142' },
      '+14255550142',
    );
    const now = t.clock.now();
    expect(added).toMatchObject({ id: 'mobilePhone', source: 'user', hint: maskPhone('+14255550142') });
    expect(offBy(added.usableForResetAt, now + day)).toBeLessThan(5000);
    const after = (await view(t, token)).body;
    const mobiles = after.methods.filter((m) => m.id === 'mobilePhone');
    expect(mobiles).toHaveLength(1);
    expect(mobiles[0]).toMatchObject({ source: 'user', hint: '+1 ••••••••42' });
    expect(offBy(mobiles[0]?.usableForResetAt, now + day)).toBeLessThan(5000);
    // The number it replaced was told by SMS, with the new one masked (SMS masks use stars, not bullets).
    const notices = (await outbox(t, '+14255550100')).filter((m) => !m.code);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.channel).toBe('sms');
    expect(notices[0]?.text).toContain('+1 ********42');
    expect(notices[0]?.text).not.toContain('4255550142');

    // The new mobile is not a reset gate yet (the old number it replaced is gone too).
    const soon = await startReset(t, 'alice');
    expect(soon.status).toBe(201);
    expect(soon.body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'officePhone']);
    t.clock.advance(day + minute);
    const later = await startReset(t, 'alice');
    expect(later.body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone', 'officePhone']);
    expect(later.body.methods.find((m) => m.id === 'mobilePhone')?.hint).toBe('+1 ••••••••42');
  });

  it('alice deletes what she registered, but not a method an admin set', async () => {
    // Apart from the 24 h wait above, so a failure there does not leave this test paced.
    t.clock.advance(2 * minute);
    const admin = await t.api.put(
      '/v1/admin/users/alice/contact',
      { officePhone: '+14255550188' },
      { token: t.adminKey },
    );
    expect(admin.status, admin.text).toBe(200);
    const token = await openSession(t, 'alice');
    // Her own office phone still wins over the admin's.
    expect((await view(t, token)).body.methods.find((m) => m.id === 'officePhone')?.source).toBe('user');
    const early = await t.api.call('DELETE', '/v1/registration/methods/officePhone', undefined, { token });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('step_up_required');
    await stepUp(t, token, 'alternateEmail', 'alice@personal.example');
    const open = await startReset(t, 'alice');
    expect(open.status).toBe(201);

    const own = await t.api.call('DELETE', '/v1/registration/methods/officePhone', undefined, { token });
    expect(own.status, own.text).toBe(204);
    // A change of recovery data ends the reset flows that were open.
    const stale = await t.api.post(
      '/v1/reset/challenge',
      { method: 'alternateEmail' },
      { token: open.body.token },
    );
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('flow_expired');
    const office = (await view(t, token)).body.methods.find((m) => m.id === 'officePhone');
    expect(office).toMatchObject({ source: 'admin', hint: '+1 ••••••••88' });

    const adminSet = await t.api.call('DELETE', '/v1/registration/methods/officePhone', undefined, { token });
    expect(adminSet.status).toBe(403);
    expect(adminSet.body.code).toBe('forbidden');
    const left = await t.db.query<{ source: string }>(
      `SELECT source FROM contact_methods c JOIN users u ON u.id = c.user_id
       WHERE u.username = 'alice' AND c.method = 'officePhone'`,
    );
    expect(left).toEqual([{ source: 'admin' }]);
  });

  it('bob adding a mobile tells his alternate and primary addresses, with the new number masked', async () => {
    t.clock.advance(2 * minute);
    const token = await openSession(t, 'bob');
    const early = await t.api.post(
      '/v1/registration/methods',
      { id: 'mobilePhone', phone: '+14255550143' },
      { token },
    );
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('step_up_required');
    await stepUp(t, token, 'alternateEmail', 'bob@personal.example');
    const known = {
      alternate: await lastDelivered(t, 'bob@personal.example'),
      primary: await lastDelivered(t, 'bob@contoso.com'),
    };
    await registerMethod(
      t,
      token,
      { id: 'mobilePhone', phone: '+14255550143', channel: 'sms' },
      '+14255550143',
    );

    for (const [to, last] of [
      ['bob@personal.example', known.alternate],
      ['bob@contoso.com', known.primary],
    ] as const) {
      const msgs = await outbox(t, to);
      const fresh = msgs.slice(0, last ? msgs.findIndex((m) => m.id === last) : msgs.length);
      // One notice per channel on file before the change.
      expect(fresh, to).toHaveLength(1);
      const notice = fresh[0];
      expect(notice?.code).toBeUndefined();
      expect(notice?.channel).toBe('email');
      const text = `${notice?.subject ?? ''}\n${notice?.text ?? ''}`;
      expect(text).toMatch(/mobile/i);
      expect(text).toContain(maskPhone('+14255550143'));
      for (const clear of ['+14255550143', '4255550143', '425 555 0143', '555-0143', '5550143'])
        expect(text).not.toContain(clear);
    }
    // The new number gets its code only; the notice goes to channels on file before the change.
    expect((await outbox(t, '+14255550143')).every((m) => m.code)).toBe(true);
  });

  it('bob, with an email on file, cannot add security questions without a step-up either', async () => {
    const token = await openSession(t, 'bob');
    const res = await t.api.put(
      '/v1/registration/questions',
      questions(['Jonathan Park', 'Honda Civic', 'Astronaut']),
      { token },
    );
    expect(res.status, res.text).toBe(403);
    expect(res.body.code).toBe('step_up_required');
    expect((await view(t, token)).body.questions.registered).toBe(0);
  });

  it('questions alice re-registers after a step-up wait 24 h before they gate a reset', async () => {
    await setPolicy(t, { reset: { gatesRequired: 2 } });
    try {
      t.clock.advance(2 * minute);
      const before = await startReset(t, 'alice');
      expect(before.body.methods.map((m) => m.id)).toContain('questions');
      const token = await openSession(t, 'alice');
      await stepUp(t, token, 'alternateEmail', 'alice@personal.example');
      const put = await t.api.put(
        '/v1/registration/questions',
        questions(['Jonathan Park', 'Honda Civic', 'Astronaut']),
        { token },
      );
      expect(put.status, put.text).toBe(200);
      const soon = await startReset(t, 'alice');
      expect(soon.body.methods.map((m) => m.id)).not.toContain('questions');
      t.clock.advance(day + minute);
      const later = await startReset(t, 'alice');
      expect(later.body.methods.map((m) => m.id)).toContain('questions');
    } finally {
      await setPolicy(t, { reset: { gatesRequired: 1 } });
    }
  });

  it("dave's (privileged) methods change only through the admin API, even after a step-up", async () => {
    const token = await openSession(t, 'dave');
    await stepUp(t, token, 'alternateEmail', 'dave@personal.example');
    const add = await t.api.post(
      '/v1/registration/methods',
      { id: 'officePhone', phone: '+14255550144' },
      { token },
    );
    expect(add.status).toBe(403);
    expect(add.body.code).toBe('forbidden');
    const del = await t.api.call('DELETE', '/v1/registration/methods/mobilePhone', undefined, { token });
    expect(del.status).toBe(403);
    expect(del.body.code).toBe('forbidden');
    expect(await outbox(t, '+14255550144')).toEqual([]);
    expect((await view(t, token)).body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone']);
  });
});
