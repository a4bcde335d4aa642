// LdapDirectory in OpenLDAP mode against a real slapd: lookup, groups, contacts, writes under ppolicy, locks, TLS.
import { readFile } from 'node:fs/promises';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DirectoryInvalidCredentialsError,
  DirectoryRejectedError,
  DirectoryUnavailableError,
} from '../../../../server/directory/directory.ts';
import { connectAndBind, defaultClientFactory } from '../../../../server/directory/ldap/connection.ts';
import { type LdapConfigInput, parseLdapConfig } from '../../../../server/directory/ldap/ldap-config.ts';
import { LdapDirectory } from '../../../../server/directory/ldap/ldap-directory.ts';
import {
  adminLockValue,
  baseDn,
  type Slapd,
  serviceDn,
  slapdAvailable,
  startSlapd,
} from '../../../helpers/slapd.ts';

describe.skipIf(!slapdAvailable())('LdapDirectory (OpenLDAP)', () => {
  let s: Slapd;
  let dir: LdapDirectory;

  const config = (over: Partial<LdapConfigInput> = {}) =>
    parseLdapConfig({
      mode: 'openldap',
      url: s.ldapsUrl,
      tlsCaFile: s.caFile,
      bindDn: serviceDn,
      bindPassword: s.servicePassword,
      baseDn,
      attributes: { alternateEmail: 'otherMailbox' },
      privilegedGroups: ['Domain Admins'],
      phoneRegion: 'US',
      connectTimeoutMs: 1000,
      timeoutMs: 5000,
      ...over,
    });

  const lockedTime = (dn: string) =>
    s.admin(async (c) => {
      const r = await c.search(dn, { scope: 'base', attributes: ['pwdAccountLockedTime'] });
      const v = r.searchEntries[0]?.pwdAccountLockedTime;
      return typeof v === 'string' ? v : undefined;
    });

  beforeAll(async () => {
    s = await startSlapd();
    dir = new LdapDirectory(config());
  });
  afterAll(async () => {
    await s?.stop();
  });

  describe('lookup', () => {
    it('finds a user by canonical username with the entryUUID as id', async () => {
      const u = await dir.findUser('alice');
      expect(u).toMatchObject({
        username: 'alice',
        displayName: 'Alice Smith',
        givenName: 'Alice',
        familyName: 'Smith',
        email: 'alice@contoso.example',
        privileged: false,
        disabled: false,
        locked: false,
      });
      expect(u?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(await dir.getUser(u!.id)).toEqual(u);
      expect(await dir.getUser(u!.id.toUpperCase())).toEqual(u);
    });

    it('answers null for unknown names and ids', async () => {
      expect(await dir.findUser('nobody')).toBeNull();
      expect(await dir.findUser('')).toBeNull();
      expect(await dir.getUser('00000000-0000-0000-0000-000000000000')).toBeNull();
      expect(await dir.getUser('not-a-uuid')).toBeNull();
    });

    it('resolves nested groups by group search: alice is in SSPR Users through Helpdesk', async () => {
      expect((await dir.findUser('alice'))?.groups).toEqual(['Helpdesk', 'SSPR Users']);
    });

    it('resolves nested groups through memberOf when the overlay maintains it', async () => {
      if (!s.memberOf) return;
      const d = new LdapDirectory(config({ groups: { strategy: 'memberOf' } }));
      expect((await d.findUser('alice'))?.groups).toEqual(['Helpdesk', 'SSPR Users']);
    });

    it('marks members of configured privileged groups as privileged', async () => {
      const bob = await dir.findUser('bob');
      expect(bob).toMatchObject({ groups: ['Domain Admins'], privileged: true });
    });

    it('treats the username as a literal: filter metacharacters find nothing', async () => {
      // Unescaped, `alic*` would be a substring filter matching exactly alice.
      for (const typed of ['alic*', '*', '*)(uid=*', 'alice)(uid=*', 'alice)(|(uid=*', '\\2a', 'alice\0'])
        expect(await dir.findUser(typed), typed).toBeNull();
    });
  });

  describe('contact data', () => {
    it('comes back in E.164, national numbers read in the configured region', async () => {
      const alice = await dir.findUser('alice');
      expect(await dir.contactsOf(alice!.id)).toEqual({
        mobilePhone: '+14255550101',
        officePhone: '+14255550102',
        alternateEmail: 'alice.home@example.net',
      });
      const found = await dir.findUserWithContacts('alice');
      expect(found?.contacts).toEqual(await dir.contactsOf(alice!.id));
    });

    it('drops values that are not valid numbers', async () => {
      const noRegion = new LdapDirectory(config({ phoneRegion: undefined }));
      const alice = await noRegion.findUser('alice');
      expect(await noRegion.contactsOf(alice!.id)).toEqual({
        mobilePhone: '+14255550101',
        alternateEmail: 'alice.home@example.net',
      });
      const bob = await dir.findUser('bob');
      expect(await dir.contactsOf(bob!.id)).toEqual({ mobilePhone: '+447911123456' });
    });

    it('is empty for an unknown id', async () => {
      expect(await dir.contactsOf('00000000-0000-0000-0000-000000000000')).toEqual({});
    });
  });

  describe('passwords', () => {
    it('verifies by binding as the user; a wrong or empty password is false, not an error', async () => {
      const bob = await dir.findUser('bob');
      expect(await dir.verifyPassword(bob!.id, s.users.bob.password)).toBe(true);
      expect(await dir.verifyPassword(bob!.id, 'wrong-password')).toBe(false);
      expect(await dir.verifyPassword(bob!.id, '')).toBe(false);
      expect(await dir.verifyPassword('00000000-0000-0000-0000-000000000000', 'x')).toBe(false);
    });

    it('writes a reset: the new password binds, the old one does not', async () => {
      const carol = await s.addUser({ uid: 'carol', password: 'Carol-initial-1' });
      const id = (await dir.findUser('carol'))!.id;
      await dir.setPassword(id, 'Carol-second-22', { unlock: true });
      expect(await s.canBind(carol.dn, 'Carol-second-22')).toBe(true);
      expect(await s.canBind(carol.dn, 'Carol-initial-1')).toBe(false);
      expect(await dir.verifyPassword(id, 'Carol-second-22')).toBe(true);
    });

    it("refuses a password in ppolicy's history with the directory's reason, and changes nothing", async () => {
      const user = await s.addUser({ uid: 'hank', password: 'Hank-initial-1' });
      const id = (await dir.findUser('hank'))!.id;
      await dir.setPassword(id, 'Hank-second-22', { unlock: true });
      const err = await dir.setPassword(id, 'Hank-initial-1', { unlock: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DirectoryRejectedError);
      expect((err as DirectoryRejectedError).reason).toBe('Password is in history of old passwords');
      expect(await s.canBind(user.dn, 'Hank-second-22')).toBe(true);
      expect(await s.canBind(user.dn, 'Hank-initial-1')).toBe(false);
    });

    it("refuses a password ppolicy's quality check fails (pwdMinLength)", async () => {
      const id = (await dir.findUser('hank'))!.id;
      await expect(dir.setPassword(id, 'short', { unlock: false })).rejects.toThrow(
        new DirectoryRejectedError('Password fails quality checking policy'),
      );
    });

    it("changes a user's own password as the user: the new one binds, the old one does not", async () => {
      const user = await s.addUser({ uid: 'ivy', password: 'Ivy-initial-11' });
      const id = (await dir.findUser('ivy'))!.id;
      await dir.changePassword(id, 'Ivy-initial-11', 'Ivy-second-222');
      expect(await s.canBind(user.dn, 'Ivy-second-222')).toBe(true);
      expect(await s.canBind(user.dn, 'Ivy-initial-11')).toBe(false);
    });

    it("refuses a user's own change to a password in ppolicy's history with the directory's reason", async () => {
      const user = await s.addUser({ uid: 'jack', password: 'Jack-initial-11' });
      const id = (await dir.findUser('jack'))!.id;
      await dir.changePassword(id, 'Jack-initial-11', 'Jack-second-222');
      const err = await dir.changePassword(id, 'Jack-second-222', 'Jack-initial-11').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DirectoryRejectedError);
      expect(err).not.toBeInstanceOf(DirectoryInvalidCredentialsError);
      expect((err as DirectoryRejectedError).reason).toBe('Password is in history of old passwords');
      expect(await s.canBind(user.dn, 'Jack-second-222')).toBe(true);
      await expect(dir.changePassword(id, 'Jack-second-222', 'short')).rejects.toThrow(
        new DirectoryRejectedError('Password fails quality checking policy'),
      );
    });

    it("refuses a user's own change with a wrong or empty current password, and changes nothing", async () => {
      const user = await s.addUser({ uid: 'kate', password: 'Kate-initial-11' });
      const id = (await dir.findUser('kate'))!.id;
      for (const current of ['Kate-wrong-1111', ''])
        await expect(dir.changePassword(id, current, 'Kate-second-222')).rejects.toBeInstanceOf(
          DirectoryInvalidCredentialsError,
        );
      await expect(
        dir.changePassword('00000000-0000-0000-0000-000000000000', 'x', 'Kate-second-222'),
      ).rejects.toBeInstanceOf(DirectoryInvalidCredentialsError);
      expect(await s.canBind(user.dn, 'Kate-initial-11')).toBe(true);
      expect(await s.canBind(user.dn, 'Kate-second-222')).toBe(false);
    });

    it('keeps no history of its own', async () => {
      expect(dir.keepsHistory).toBe(false);
      expect(await dir.inHistory((await dir.findUser('hank'))!.id, 'Hank-initial-1')).toBe(false);
    });
  });

  describe('locks', () => {
    it('unlock clears a ppolicy lockout caused by 3 failed binds', async () => {
      const dave = await s.addUser({ uid: 'dave', password: 'Dave-initial-1' });
      for (let i = 0; i < 3; i++) expect(await s.canBind(dave.dn, 'wrong')).toBe(false);
      const id = (await dir.findUser('dave'))!.id;
      expect(await dir.getUser(id)).toMatchObject({ locked: true, disabled: false });
      expect(await dir.verifyPassword(id, 'Dave-initial-1')).toBe(false);
      await dir.unlock(id);
      expect(await dir.getUser(id)).toMatchObject({ locked: false, disabled: false });
      expect(await dir.verifyPassword(id, 'Dave-initial-1')).toBe(true);
      // The failure count went with the lock: one more wrong password does not lock again.
      expect(await s.canBind(dave.dn, 'wrong')).toBe(false);
      expect(await dir.getUser(id)).toMatchObject({ locked: false });
    });

    it('a reset with unlock clears a lockout; without unlock the lockout stays', async () => {
      const erin = await s.addUser({ uid: 'erin', password: 'Erin-initial-1' });
      const id = (await dir.findUser('erin'))!.id;
      for (let i = 0; i < 3; i++) await s.canBind(erin.dn, 'wrong');
      expect((await dir.getUser(id))?.locked).toBe(true);
      await dir.setPassword(id, 'Erin-second-22', { unlock: false });
      expect((await dir.getUser(id))?.locked).toBe(true);
      expect(await s.canBind(erin.dn, 'Erin-second-22')).toBe(false);
      await dir.setPassword(id, 'Erin-third-333', { unlock: true });
      expect((await dir.getUser(id))?.locked).toBe(false);
      expect(await s.canBind(erin.dn, 'Erin-third-333')).toBe(true);
    });

    it("leaves an administrator's lock (000001010000Z): the account reads as disabled", async () => {
      const frank = await s.addUser({ uid: 'frank', password: 'Frank-initial-1' });
      await s.admin((c) =>
        c.modify(
          frank.dn,
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'pwdAccountLockedTime', values: [adminLockValue] }),
          }),
        ),
      );
      const id = (await dir.findUser('frank'))!.id;
      expect(await dir.getUser(id)).toMatchObject({ disabled: true, locked: false });
      await dir.unlock(id);
      expect(await lockedTime(frank.dn)).toBe(adminLockValue);
      // ppolicy would lift the lock along with a password change, so the write is refused before it happens.
      await expect(dir.setPassword(id, 'Frank-second-22', { unlock: true })).rejects.toBeInstanceOf(
        DirectoryRejectedError,
      );
      expect(await lockedTime(frank.dn)).toBe(adminLockValue);
      expect(await s.canBind(frank.dn, 'Frank-second-22')).toBe(false);
    });
  });

  describe('connections and TLS', () => {
    it('pings over LDAPS, over StartTLS and over plain ldap:// on loopback', async () => {
      await dir.ping();
      await new LdapDirectory(config({ url: s.url, startTls: true })).ping();
      await new LdapDirectory(config({ url: s.url, tlsCaFile: undefined })).ping();
      expect(
        await new LdapDirectory(config({ url: s.url, startTls: true })).findUser('alice'),
      ).not.toBeNull();
    });

    it('refuses a server whose certificate a wrong CA did not sign (LDAPS and StartTLS)', async () => {
      for (const over of [{}, { url: s.url, startTls: true }]) {
        const d = new LdapDirectory(config({ ...over, tlsCaFile: s.wrongCaFile }));
        await expect(d.ping()).rejects.toBeInstanceOf(DirectoryUnavailableError);
        await expect(d.findUser('alice')).rejects.toBeInstanceOf(DirectoryUnavailableError);
      }
    });

    it('refuses a certificate that does not name the host', async () => {
      const d = new LdapDirectory(config({ tlsServerName: 'ldap.elsewhere.example' }));
      await expect(d.ping()).rejects.toBeInstanceOf(DirectoryUnavailableError);
    });

    it('never reopens a closed connection behind the caller (it would be unauthenticated, or plain after StartTLS)', async () => {
      const cfg = config({ url: s.url, startTls: true });
      const ca = await readFile(s.caFile);
      const c = await connectAndBind(cfg, ca, defaultClientFactory, serviceDn, s.servicePassword);
      await c.search('', { scope: 'base', attributes: ['1.1'] });
      await c.unbind();
      await expect(c.search('', { scope: 'base', attributes: ['1.1'] })).rejects.toThrow(/not reopened/);
    });

    it('fails over to the next URL', async () => {
      const dead = 'ldaps://127.0.0.1:1';
      const d = new LdapDirectory(config({ url: [dead, s.ldapsUrl] }));
      expect((await d.findUser('alice'))?.username).toBe('alice');
    });

    it('reports an unreachable directory or a refused service account as unavailable', async () => {
      const down = new LdapDirectory(config({ url: 'ldaps://127.0.0.1:1' }));
      await expect(down.findUser('alice')).rejects.toBeInstanceOf(DirectoryUnavailableError);
      await expect(
        down.setPassword('00000000-0000-0000-0000-000000000001', 'x-long-password', { unlock: true }),
      ).rejects.toBeInstanceOf(DirectoryUnavailableError);
      const wrongSecret = new LdapDirectory(config({ bindPassword: 'not-the-secret' }));
      await expect(wrongSecret.ping()).rejects.toBeInstanceOf(DirectoryUnavailableError);
    });
  });
});
