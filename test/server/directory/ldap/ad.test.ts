// LdapDirectory in Active Directory mode against a fake client: what it sends (unicodePwd, policy hints, GUID filters).
import {
  AndFilter,
  BerWriter,
  type Change,
  type ClientOptions,
  ConstraintViolationError,
  type Control,
  EqualityFilter,
  type Filter,
  InvalidCredentialsError,
  ModifyRequest,
  type SearchOptions,
  type SearchResult,
} from 'ldapts';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DirectoryInvalidCredentialsError,
  DirectoryRejectedError,
} from '../../../../server/directory/directory.ts';
import { adBindSubcode, adPasswordExpired } from '../../../../server/directory/ldap/ad.ts';
import type { LdapClient } from '../../../../server/directory/ldap/connection.ts';
import { policyHintsOid } from '../../../../server/directory/ldap/controls.ts';
import { escapeBinaryFilterValue, guidFromText } from '../../../../server/directory/ldap/escape.ts';
import { parseLdapConfig } from '../../../../server/directory/ldap/ldap-config.ts';
import { LdapDirectory } from '../../../../server/directory/ldap/ldap-directory.ts';

const base = 'DC=contoso,DC=example';
const svc = `CN=svc-regain,OU=Service Accounts,${base}`;
const aliceDn = `CN=Alice Smith (IT),OU=People,${base}`;
// Bytes above 0x7f catch a GUID that was sent as UTF-8 text instead of raw bytes.
const guidBytes = Buffer.from('9aff10e2c3d40f5e8899aabbccddeeff', 'hex');
const guidText = 'e210ff9a-d4c3-5e0f-8899-aabbccddeeff';

interface Sent {
  modifies: { dn: string; changes: Change[]; controls: Control[]; by: string | undefined }[];
  searches: { base: string; options: SearchOptions }[];
  binds: { dn: string; password: string | undefined }[];
  options: ClientOptions[];
}

// The diagnostic AD answers a user bind with; the sub-code after "data" says why.
const bindError = (sub: string) =>
  new InvalidCredentialsError(
    `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${sub}, v4563`,
  );

class FakeAd implements LdapClient {
  private boundAs: string | undefined;
  constructor(
    private readonly sent: Sent,
    private readonly user: Record<string, string | Buffer>,
    private readonly fail: { modify?: Error },
  ) {}
  async startTLS(): Promise<void> {}
  async bind(dn: string, password?: string): Promise<void> {
    this.sent.binds.push({ dn, password });
    if ((dn === svc && password === 'svc-secret') || (dn === aliceDn && password === 'Right-password-1')) {
      this.boundAs = dn;
      return;
    }
    if (dn === aliceDn && password === 'Expired-password-1') throw bindError('532');
    if (dn === aliceDn && password === 'Must-change-1') throw bindError('773');
    if (dn === aliceDn && password === 'Locked-password-1') throw bindError('775');
    throw bindError('52e');
  }
  async search(baseDn: string, options: SearchOptions = {}): Promise<SearchResult> {
    this.sent.searches.push({ base: baseDn, options });
    const f = options.filter;
    const hit =
      typeof f === 'string'
        ? f.includes('(sAMAccountName=alice)')
        : f instanceof AndFilter &&
          f.filters.some(
            (x) => x instanceof EqualityFilter && Buffer.isBuffer(x.value) && x.value.equals(guidBytes),
          );
    if (typeof f === 'string' && f.includes(':1.2.840.113556.1.4.1941:='))
      return {
        searchEntries: [
          { dn: `CN=SSPR Users,OU=Groups,${base}`, cn: 'SSPR Users' },
          { dn: `CN=Helpdesk,OU=Groups,${base}`, cn: 'Helpdesk' },
        ],
        searchReferences: [],
      };
    return { searchEntries: hit ? [{ dn: aliceDn, ...this.user }] : [], searchReferences: [] };
  }
  async modify(dn: string, changes: Change | Change[], controls?: Control | Control[]): Promise<void> {
    this.sent.modifies.push({
      dn,
      changes: Array.isArray(changes) ? changes : [changes],
      controls: controls === undefined ? [] : Array.isArray(controls) ? controls : [controls],
      by: this.boundAs,
    });
    if (this.fail.modify) throw this.fail.modify;
  }
  async exop(): Promise<{ oid?: string; value?: string }> {
    throw new Error('AD mode sends no extended operations');
  }
  async unbind(): Promise<void> {}
}

describe('LdapDirectory (Active Directory mode, fake client)', () => {
  let sent: Sent;
  let user: Record<string, string | Buffer>;
  let fail: { modify?: Error };

  const directory = () =>
    new LdapDirectory(
      parseLdapConfig({
        mode: 'ad',
        url: 'ldaps://dc1.contoso.example',
        bindDn: svc,
        bindPassword: 'svc-secret',
        baseDn: base,
        attributes: { alternateEmail: 'otherMailbox' },
        phoneRegion: 'US',
      }),
      {
        createClient: (options) => {
          sent.options.push(options);
          return new FakeAd(sent, user, fail);
        },
      },
    );

  beforeEach(() => {
    sent = { modifies: [], searches: [], binds: [], options: [] };
    fail = {};
    user = {
      objectGUID: guidBytes,
      sAMAccountName: 'Alice',
      displayName: 'Alice Smith',
      givenName: 'Alice',
      sn: 'Smith',
      mail: 'alice@contoso.example',
      mobile: '425-555-0101',
      telephoneNumber: '+1 (425) 555-0102',
      otherMailbox: 'alice.home@example.net',
      userAccountControl: '512',
      lockoutTime: '133503552000000000',
      adminCount: '1',
    };
  });

  it('connects with LDAPS, verifying the certificate for the host, as the service account', async () => {
    await directory().ping();
    expect(sent.options[0]).toMatchObject({
      url: 'ldaps://dc1.contoso.example',
      tlsOptions: {
        rejectUnauthorized: true,
        servername: 'dc1.contoso.example',
        host: 'dc1.contoso.example',
      },
    });
    expect(sent.binds).toEqual([{ dn: svc, password: 'svc-secret' }]);
  });

  it('reads the objectGUID as id, adminCount=1 as privileged, lockoutTime>0 as locked, groups in chain', async () => {
    const u = await directory().findUser('alice');
    expect(u).toEqual({
      id: guidText,
      username: 'alice',
      displayName: 'Alice Smith',
      givenName: 'Alice',
      familyName: 'Smith',
      email: 'alice@contoso.example',
      groups: ['Helpdesk', 'SSPR Users'],
      privileged: true,
      disabled: false,
      locked: true,
    });
    const userSearch = sent.searches.find((s) => s.options.attributes?.includes('objectGUID'));
    expect(userSearch?.options.explicitBufferAttributes).toEqual(['objectGUID']);
    const groupSearch = sent.searches.find((s) =>
      String(s.options.filter).includes('1.2.840.113556.1.4.1941'),
    );
    // The user's DN is escaped inside the filter: its parentheses cannot end the assertion.
    expect(groupSearch?.options.filter).toBe(
      `(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=CN=Alice Smith \\28IT\\29,OU=People,${base}))`,
    );
  });

  it('looks a GUID up by its raw bytes (the binary-escaped form), not by its text', async () => {
    expect(escapeBinaryFilterValue(guidFromText(guidText)!)).toBe(
      '\\9a\\ff\\10\\e2\\c3\\d4\\0f\\5e\\88\\99\\aa\\bb\\cc\\dd\\ee\\ff',
    );
    expect((await directory().getUser(guidText))?.id).toBe(guidText);
    const filter = sent.searches[0]?.options.filter as Filter;
    const w = new BerWriter();
    filter.write(w);
    expect(w.buffer.includes(guidBytes)).toBe(true);
    expect(await directory().getUser('*')).toBeNull();
  });

  it('sets the password as unicodePwd (quoted, UTF-16LE) with the critical policy-hints control, then unlocks', async () => {
    await directory().setPassword(guidText, 'Nouveau-mot-de-passe-é1', { unlock: true });
    const [write, unlock] = sent.modifies;
    expect(write?.dn).toBe(aliceDn);
    expect(write?.changes).toHaveLength(1);
    expect(write?.changes[0]?.operation).toBe('replace');
    expect(write?.changes[0]?.modification.type).toBe('unicodePwd');
    const value = write?.changes[0]?.modification.values[0];
    expect(Buffer.isBuffer(value) && value.toString('hex')).toBe(
      Buffer.from('"Nouveau-mot-de-passe-é1"', 'utf16le').toString('hex'),
    );
    expect(write?.controls.map((c) => [c.type, c.critical])).toEqual([[policyHintsOid, true]]);

    // On the wire: Control ::= SEQUENCE { controlType, criticality TRUE, controlValue OCTET STRING (SEQUENCE { INTEGER 1 }) }.
    const cw = new BerWriter();
    write!.controls[0]!.write(cw);
    const oid = Buffer.from(policyHintsOid).toString('hex');
    expect(cw.buffer.toString('hex')).toBe(`3023${'04'}17${oid}0101ff04053003020101`);
    const message = new ModifyRequest({
      messageId: 7,
      dn: write!.dn,
      changes: write!.changes,
      controls: write!.controls,
    }).write();
    expect(message.includes(cw.buffer)).toBe(true);
    expect(message.includes(Buffer.from('"Nouveau-mot-de-passe-é1"', 'utf16le'))).toBe(true);

    expect(unlock?.changes.map((c) => [c.operation, c.modification.type, c.modification.values])).toEqual([
      ['replace', 'lockoutTime', ['0']],
    ]);
  });

  it('does not touch lockoutTime when not asked to unlock, or when the account is not locked', async () => {
    await directory().setPassword(guidText, 'Another-password-2', { unlock: false });
    expect(sent.modifies.map((m) => m.changes[0]?.modification.type)).toEqual(['unicodePwd']);
    user.lockoutTime = '0';
    sent.modifies = [];
    await directory().setPassword(guidText, 'Another-password-3', { unlock: true });
    await directory().unlock(guidText);
    expect(sent.modifies.map((m) => m.changes[0]?.modification.type)).toEqual(['unicodePwd']);
  });

  it("maps AD's constraint violation to DirectoryRejectedError and does not unlock", async () => {
    fail.modify = new ConstraintViolationError(
      '0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity requirements, history or minimum age',
    );
    const err = await directory()
      .setPassword(guidText, 'Old-password-1', { unlock: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryRejectedError);
    expect((err as DirectoryRejectedError).reason).toMatch(/password policy/);
    expect(sent.modifies).toHaveLength(1);
  });

  it('reads userAccountControl bit 2 as disabled and refuses to write its password', async () => {
    user.userAccountControl = '514';
    expect((await directory().getUser(guidText))?.disabled).toBe(true);
    await expect(
      directory().setPassword(guidText, 'Any-password-1', { unlock: true }),
    ).rejects.toBeInstanceOf(DirectoryRejectedError);
    expect(sent.modifies).toEqual([]);
  });

  it('unlock writes lockoutTime=0', async () => {
    await directory().unlock(guidText);
    expect(
      sent.modifies.map((m) => [m.dn, m.changes[0]?.modification.type, m.changes[0]?.modification.values]),
    ).toEqual([[aliceDn, 'lockoutTime', ['0']]]);
  });

  it('verifies by binding as the user; AD error 52e is a plain false', async () => {
    const d = directory();
    expect(await d.verifyPassword(guidText, 'Right-password-1')).toBe(true);
    expect(await d.verifyPassword(guidText, 'Wrong-password-1')).toBe(false);
    expect(sent.binds.filter((b) => b.dn === aliceDn).map((b) => b.password)).toEqual([
      'Right-password-1',
      'Wrong-password-1',
    ]);
  });

  it('reads the sub-code of an AD bind failure; only 532 and 773 mean the password is right but expired', () => {
    const diag = (sub: string) =>
      `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${sub}, v4563`;
    expect(adBindSubcode(diag('532'))).toBe('532');
    expect(adBindSubcode(diag('52E'))).toBe('52e');
    expect(adBindSubcode('Invalid Credentials')).toBeUndefined();
    expect(adPasswordExpired(diag('532'))).toBe(true);
    expect(adPasswordExpired(diag('773'))).toBe(true);
    for (const sub of ['52e', '525', '530', '531', '533', '701', '775', '5320'])
      expect(adPasswordExpired(diag(sub)), sub).toBe(false);
    expect(adPasswordExpired('')).toBe(false);
  });

  it('verifies an expired or must-change password (532, 773) as right; a locked account (775) is false', async () => {
    const d = directory();
    expect(await d.verifyPassword(guidText, 'Expired-password-1')).toBe(true);
    expect(await d.verifyPassword(guidText, 'Must-change-1')).toBe(true);
    expect(await d.verifyPassword(guidText, 'Locked-password-1')).toBe(false);
  });

  it("changes a user's own password as the user: unicodePwd's current value deleted, the new one added", async () => {
    await directory().changePassword(guidText, 'Right-password-1', 'Nouveau-mot-de-passe-é1');
    expect(sent.modifies).toHaveLength(1);
    const [write] = sent.modifies;
    expect(write?.dn).toBe(aliceDn);
    expect(write?.by).toBe(aliceDn);
    expect(write?.controls).toEqual([]);
    expect(
      write?.changes.map((c) => [
        c.operation,
        c.modification.type,
        c.modification.values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf16le') : v)),
      ]),
    ).toEqual([
      ['delete', 'unicodePwd', ['"Right-password-1"']],
      ['add', 'unicodePwd', ['"Nouveau-mot-de-passe-é1"']],
    ]);
  });

  it('changes an expired password over the service account, still as a delete-and-add AD checks', async () => {
    for (const current of ['Expired-password-1', 'Must-change-1']) {
      sent.modifies = [];
      await directory().changePassword(guidText, current, 'Fresh-password-22');
      expect(sent.modifies.map((m) => [m.by, m.changes.map((c) => c.operation)])).toEqual([
        [svc, ['delete', 'add']],
      ]);
    }
  });

  it("refuses a user's own change with a wrong current password before writing anything", async () => {
    for (const current of ['Wrong-password-1', 'Locked-password-1', ''])
      await expect(directory().changePassword(guidText, current, 'Fresh-password-22')).rejects.toBeInstanceOf(
        DirectoryInvalidCredentialsError,
      );
    expect(sent.modifies).toEqual([]);
  });

  it("maps AD's answers to a user's change: 00000056 is a wrong current password, 0000052D the policy", async () => {
    fail.modify = new ConstraintViolationError(
      '00000056: AtrErr: DSID-03190F80, #1:\n\t0: 00000056: DSID-03190F80, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)',
    );
    await expect(
      directory().changePassword(guidText, 'Expired-password-1', 'Fresh-password-22'),
    ).rejects.toBeInstanceOf(DirectoryInvalidCredentialsError);
    fail.modify = new ConstraintViolationError(
      '0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity requirements, history or minimum age',
    );
    const err = await directory()
      .changePassword(guidText, 'Right-password-1', 'Old-password-1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryRejectedError);
    expect(err).not.toBeInstanceOf(DirectoryInvalidCredentialsError);
    expect((err as DirectoryRejectedError).reason).toMatch(/password policy/);
  });

  it('refuses a change for a disabled account without writing', async () => {
    user.userAccountControl = '514';
    await expect(
      directory().changePassword(guidText, 'Right-password-1', 'Fresh-password-22'),
    ).rejects.toBeInstanceOf(DirectoryRejectedError);
    expect(sent.modifies).toEqual([]);
  });

  it('returns contact attributes in E.164 and the alternate address', async () => {
    expect(await directory().contactsOf(guidText)).toEqual({
      mobilePhone: '+14255550101',
      officePhone: '+14255550102',
      alternateEmail: 'alice.home@example.net',
    });
  });
});
