// Shadow rows for LDAP users (slapd + PGlite): directory contacts show as source 'directory' and follow edits.
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../server/clock.ts';
import { parseLdapConfig } from '../../../../server/directory/ldap/ldap-config.ts';
import { LdapDirectory } from '../../../../server/directory/ldap/ldap-directory.ts';
import { ShadowedLdapDirectory } from '../../../../server/directory/ldap/shadow.ts';
import { loadAuthData } from '../../../../server/policy/auth-data.ts';
import { type Db, openPglite } from '../../../../server/store/db.ts';
import { migrate } from '../../../../server/store/migrate.ts';
import { baseDn, type Slapd, serviceDn, slapdAvailable, startSlapd } from '../../../helpers/slapd.ts';

describe.skipIf(!slapdAvailable())('ShadowedLdapDirectory', () => {
  let s: Slapd;
  let db: Db;
  let dir: ShadowedLdapDirectory;
  const clock = new FakeClock();

  beforeAll(async () => {
    [s, db] = await Promise.all([startSlapd(), openPglite()]);
    await migrate(db);
    const ldap = new LdapDirectory(
      parseLdapConfig({
        mode: 'openldap',
        url: s.ldapsUrl,
        tlsCaFile: s.caFile,
        bindDn: serviceDn,
        bindPassword: s.servicePassword,
        baseDn,
        attributes: { alternateEmail: 'otherMailbox' },
        phoneRegion: 'US',
      }),
    );
    dir = new ShadowedLdapDirectory(ldap, db, clock);
  });
  afterAll(async () => {
    await Promise.all([s?.stop(), db?.close()]);
  });

  const contactsOf = async (id: string) =>
    Object.fromEntries(
      Object.values((await loadAuthData(db, id)).contacts).map((c) => [c.id, `${c.source}:${c.value}`]),
    );
  const setAttr = (dn: string, type: string, values: string[]) =>
    s.admin((c) =>
      c.modify(
        dn,
        new Change({
          operation: values.length ? 'replace' : 'delete',
          modification: new Attribute({ type, values }),
        }),
      ),
    );

  it('creates the shadow row and shows directory contact data as source directory', async () => {
    const alice = await dir.findUser('alice');
    const [row] = await db.query<{ username: string; password_hash: string | null }>(
      'SELECT username, password_hash FROM users WHERE id = $1',
      [alice!.id],
    );
    expect(row).toEqual({ username: 'alice', password_hash: null });
    expect(await contactsOf(alice!.id)).toEqual({
      mobilePhone: 'directory:+14255550101',
      officePhone: 'directory:+14255550102',
      alternateEmail: 'directory:alice.home@example.net',
    });
  });

  it('follows edits in the directory at the next lookup, and user-registered data still wins', async () => {
    const id = (await dir.findUser('alice'))!.id;
    await setAttr(s.users.alice.dn, 'mobile', ['+1 206 555 0100']);
    await setAttr(s.users.alice.dn, 'telephoneNumber', []);
    await db.query(
      `INSERT INTO contact_methods (user_id, method, source, value, verified_at, updated_at)
       VALUES ($1, 'alternateEmail', 'user', 'alice@example.org', $2, $2)`,
      [id, new Date(clock.now())],
    );
    await dir.findUser('alice');
    expect(await contactsOf(id)).toEqual({
      mobilePhone: 'directory:+12065550100',
      alternateEmail: 'user:alice@example.org',
    });
  });

  it('does nothing for an unknown name', async () => {
    const before = await db.query('SELECT id FROM users');
    expect(await dir.findUser('nobody')).toBeNull();
    expect(await db.query('SELECT id FROM users')).toEqual(before);
  });
});
