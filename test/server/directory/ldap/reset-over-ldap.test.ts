// A reset over HTTP with the LDAP directory: directory contact data as a gate, ppolicy's reason shown, unlock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLdapConfig } from '../../../../server/directory/ldap/ldap-config.ts';
import { LdapDirectory } from '../../../../server/directory/ldap/ldap-directory.ts';
import { ShadowedLdapDirectory } from '../../../../server/directory/ldap/shadow.ts';
import {
  codeFor,
  latestMessageId,
  setPolicy,
  startReset,
  startService,
  type TestService,
} from '../../../helpers/service.ts';
import { baseDn, type Slapd, serviceDn, slapdAvailable, startSlapd } from '../../../helpers/slapd.ts';

describe.skipIf(!slapdAvailable())('reset with the LDAP directory', () => {
  let s: Slapd;
  let t: TestService;

  beforeAll(async () => {
    [s, t] = await Promise.all([startSlapd(), startService('pglite')]);
    const ldap = new LdapDirectory(
      parseLdapConfig({
        mode: 'openldap',
        url: s.ldapsUrl,
        tlsCaFile: s.caFile,
        bindDn: serviceDn,
        bindPassword: s.servicePassword,
        baseDn,
        attributes: { alternateEmail: 'otherMailbox' },
      }),
    );
    // What the runtime wiring does with `directory: "ldap"` (see the integration notes): flows read it per call.
    t.rt.services.directory = new ShadowedLdapDirectory(ldap, t.db, t.clock);
    await setPolicy(t, { reset: { gatesRequired: 1 } });
  });
  afterAll(async () => {
    await Promise.all([s?.stop(), t?.close()]);
  });

  it('resets and unlocks a locked LDAP user through an alternate email from the directory', async () => {
    const ivan = await s.addUser({
      uid: 'ivan',
      password: 'Copper-Lantern-77',
      mobile: '+1 206 555 0100',
      otherMailbox: 'ivan.home@example.net',
    });
    for (let i = 0; i < 3; i++) await s.canBind(ivan.dn, 'wrong');

    const start = await startReset(t, 'IVAN');
    expect(start.status).toBe(201);
    expect(start.body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone']);
    const token = start.body.token;
    const before = await latestMessageId(t, 'ivan.home@example.net');
    expect((await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token })).status).toBe(
      202,
    );
    const code = await codeFor(t, 'ivan.home@example.net', before);
    const v = await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token });
    expect(v.body).toMatchObject({ next: 'password', unlockAvailable: true });

    const same = await t.api.post('/v1/reset/password', { password: 'Copper-Lantern-77' }, { token });
    expect(same.status).toBe(422);
    expect(same.body).toMatchObject({
      code: 'directory_rejected',
      detail: 'Password is not being changed from existing value',
    });

    const set = await t.api.post('/v1/reset/password', { password: 'Velvet-Harbor-9182' }, { token });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ status: 'reset', unlocked: true });
    expect(await s.canBind(ivan.dn, 'Velvet-Harbor-9182')).toBe(true);
    expect(await s.canBind(ivan.dn, 'Copper-Lantern-77')).toBe(false);
  });

  it("changes a user's own password as the user: ppolicy's history applies, a wrong current one is 401", async () => {
    const jill = await s.addUser({ uid: 'jill', password: 'Amber-Falcon-3141' });
    const change = (currentPassword: string, newPassword: string) =>
      t.api.post('/v1/password/change', { username: 'jill', currentPassword, newPassword });

    const wrong = await change('Wrong-Falcon-0000', 'Silver-Meadow-2718');
    expect(wrong.status).toBe(401);
    expect(await s.canBind(jill.dn, 'Amber-Falcon-3141')).toBe(true);

    const ok = await change('Amber-Falcon-3141', 'Silver-Meadow-2718');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'changed' });
    expect(await s.canBind(jill.dn, 'Silver-Meadow-2718')).toBe(true);
    expect(await s.canBind(jill.dn, 'Amber-Falcon-3141')).toBe(false);

    const back = await change('Silver-Meadow-2718', 'Amber-Falcon-3141');
    expect(back.status).toBe(422);
    expect(back.body).toMatchObject({
      code: 'directory_rejected',
      detail: 'Password is in history of old passwords',
    });
    expect(await s.canBind(jill.dn, 'Silver-Meadow-2718')).toBe(true);
  });
});
