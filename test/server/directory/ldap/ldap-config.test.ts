// LDAP settings: TLS required beyond loopback, per-mode defaults, filter templates checked at start.
import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  LdapConfigError,
  type LdapConfigInput,
  parseLdapConfig,
} from '../../../../server/directory/ldap/ldap-config.ts';

const base: LdapConfigInput = {
  mode: 'openldap',
  url: 'ldaps://ldap.contoso.example',
  bindDn: 'cn=regain,ou=services,dc=contoso,dc=example',
  bindPassword: 'secret',
  baseDn: 'dc=contoso,dc=example',
};
const parse = (over: Partial<LdapConfigInput>) => parseLdapConfig({ ...base, ...over });

describe('parseLdapConfig', () => {
  it('refuses plain ldap:// to a host that is not loopback', () => {
    expect(() => parse({ url: 'ldap://ldap.contoso.example' })).toThrow(LdapConfigError);
    expect(() => parse({ url: 'ldap://10.0.0.5:389' })).toThrow(
      /setting ldap\.url: plain ldap:\/\/ to 10\.0\.0\.5/,
    );
    expect(() => parse({ url: ['ldaps://a.contoso.example', 'ldap://b.contoso.example'] })).toThrow(
      /setting ldap\.url\.1:/,
    );
  });

  it('accepts ldaps://, StartTLS, and plain ldap:// on loopback', () => {
    expect(parse({}).urls).toEqual(['ldaps://ldap.contoso.example']);
    expect(parse({ url: 'ldap://ldap.contoso.example', startTls: true }).startTls).toBe(true);
    for (const url of ['ldap://127.0.0.1:3389', 'ldap://localhost', 'ldap://[::1]:389'])
      expect(parse({ url }).urls).toEqual([url]);
  });

  it('requires encryption for Active Directory even on loopback', () => {
    expect(() => parse({ mode: 'ad', url: 'ldap://127.0.0.1' })).toThrow(/encrypted/);
    expect(parse({ mode: 'ad', url: 'ldap://127.0.0.1', startTls: true }).mode).toBe('ad');
  });

  it('refuses other schemes, paths and credentials in the URL', () => {
    for (const url of [
      'http://ldap.contoso.example',
      'ldaps://ldap.contoso.example/dc=x',
      'ldaps://u:p@h',
      'nope',
    ])
      expect(() => parse({ url }), url).toThrow(LdapConfigError);
  });

  it('fills per-mode defaults', () => {
    const o = parse({});
    expect(o.attributes).toMatchObject({ id: 'entryUUID', username: 'uid', mobilePhone: 'mobile' });
    expect(o.userFilter).toBe('(&(objectClass=inetOrgPerson)(uid={username}))');
    expect(o.groups.strategy).toBe('search');
    const ad = parse({ mode: 'ad' });
    expect(ad.attributes).toMatchObject({
      id: 'objectGUID',
      username: 'sAMAccountName',
      officePhone: 'telephoneNumber',
    });
    expect(ad.groups.strategy).toBe('inChain');
    expect(ad.userFilter).toContain('(sAMAccountName={username})');
  });

  it('checks filters, the service password and mode-specific choices', () => {
    expect(() => parse({ userFilter: '(uid=alice)' })).toThrow(/\{username\}/);
    expect(() => parse({ userFilter: '(&(uid={username})' })).toThrow(/valid LDAP filter/);
    expect(() => parse({ bindPassword: undefined })).toThrow(/exactly one/);
    expect(() => parse({ bindPasswordFile: '/run/secrets/ldap' })).toThrow(/exactly one/);
    expect(() => parse({ groups: { strategy: 'inChain' } })).toThrow(/Active Directory/);
    expect(() => parse({ attributes: { id: 'objectGUID' } })).toThrow(/Active Directory/);
    expect(() => parse({ phoneRegion: 'XX' })).toThrow(/phoneRegion/);
    expect(() => parse({ extra: 1 } as Partial<LdapConfigInput>)).toThrow(LdapConfigError);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names and addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['10.0.0.1', 'localhost.contoso.example', '128.0.0.1', '::2'])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
