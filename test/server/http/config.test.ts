// Service configuration (resolveConfig, configFromEnv, trusted proxies), key rotation overlap and the bootstrap admin key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/clock.ts';
import { ConfigError, configFromEnv, resolveConfig } from '../../../server/config.ts';
import { clientIp, parseTrustedProxies } from '../../../server/http/client-ip.ts';
import {
  bootstrapAdminKey,
  createApiKey,
  identifyApiKey,
  revokeApiKey,
} from '../../../server/security/api-keys.ts';
import { generateSecrets, Keyring, rotateSecrets } from '../../../server/security/keyring.ts';
import type { Db } from '../../../server/store/db.ts';
import { migrate } from '../../../server/store/migrate.ts';
import { freshDb } from '../../helpers/service.ts';

const minute = 60_000;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('resolveConfig', () => {
  it('refuses --dev with a non-loopback host, naming the host', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'reset.contoso.example']) {
      const message = refusal(() => resolveConfig([{ dev: true, host }]));
      expect(message).toMatch(/--dev/);
      expect(message).toMatch(/loopback/);
      expect(message).toContain(host);
    }
    for (const host of ['127.0.0.1', '::1', 'localhost'])
      expect(resolveConfig([{ dev: true, host }]).host).toBe(host);
  });

  it('refuses captcha "none" without --dev', () => {
    expect(refusal(() => resolveConfig([{ captcha: { kind: 'none' } }]))).toMatch(/captcha.*none.*--dev/);
    expect(resolveConfig([{ captcha: { kind: 'none' }, dev: true }]).captcha.kind).toBe('none');
    expect(resolveConfig([{}]).captcha.kind).toBe('altcha');
  });

  it('refuses a database URL without explicit secrets outside --dev', () => {
    const databaseUrl = 'postgres://regain@db.contoso.example/regain';
    expect(refusal(() => resolveConfig([{ databaseUrl }]))).toMatch(/REGAIN_SECRETS/);
    expect(resolveConfig([{ databaseUrl, secretsFile: '/run/secrets/regain.json' }]).databaseUrl).toBe(
      databaseUrl,
    );
    expect(resolveConfig([{ databaseUrl, secrets: '{}' }]).databaseUrl).toBe(databaseUrl);
    expect(resolveConfig([{ databaseUrl, dev: true }]).databaseUrl).toBe(databaseUrl);
    expect(refusal(() => resolveConfig([{ databaseUrl: 'mysql://x@y/z', dev: true }]))).toMatch(
      /databaseUrl/,
    );
  });

  it.each([
    'https://login.contoso.example/login',
    'https://login.contoso.example/',
    '*',
    'null',
    'login.contoso.example',
    'ftp://login.contoso.example',
    'https://login.contoso.example?x=1',
    'https://user@login.contoso.example',
  ])('refuses the CORS origin %j, naming corsOrigins', (bad) => {
    const message = refusal(() =>
      resolveConfig([configFromEnv({ REGAIN_CORS_ORIGINS: `https://ok.contoso.example,${bad}` })]),
    );
    expect(message).toMatch(/corsOrigins/);
    expect(message).toMatch(/corsOrigins\.1\b/);
  });

  it('accepts exact origins with an optional port', () => {
    const c = resolveConfig([
      configFromEnv({
        REGAIN_CORS_ORIGINS: 'https://login.contoso.example,http://intranet.contoso.example:8080',
      }),
    ]);
    expect(c.corsOrigins).toEqual(['https://login.contoso.example', 'http://intranet.contoso.example:8080']);
  });

  it('maps REGAIN_* variables and DATABASE_URL, leaving unset ones out', () => {
    const input = configFromEnv({
      REGAIN_PORT: '9443',
      REGAIN_CORS_ORIGINS: ' https://login.contoso.example , https://portal.contoso.example:8443,',
      DATABASE_URL: 'postgres://regain@db.contoso.example:5432/regain',
      REGAIN_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,2001:db8::/32',
      PATH: '/usr/bin',
    });
    expect(input).toEqual({
      port: '9443',
      corsOrigins: ['https://login.contoso.example', 'https://portal.contoso.example:8443'],
      databaseUrl: 'postgres://regain@db.contoso.example:5432/regain',
      trustedProxies: ['10.0.0.0/8', '127.0.0.1', '2001:db8::/32'],
    });
    const c = resolveConfig([input, { secrets: '{}' }]);
    expect(c.port).toBe(9443);
    expect(c.corsOrigins).toHaveLength(2);
    expect(c.databaseUrl).toBe('postgres://regain@db.contoso.example:5432/regain');
    expect(c.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '2001:db8::/32']);
    expect(configFromEnv({})).toEqual({});
    expect(
      configFromEnv({ DATABASE_URL: 'postgres://a/b', REGAIN_DATABASE_URL: 'postgres://c/d' }).databaseUrl,
    ).toBe('postgres://c/d');
  });

  it('lets later layers win and names the setting of an invalid value', () => {
    const c = resolveConfig([{ port: 1000, host: '127.0.0.1' }, { port: 2000 }, { port: undefined }]);
    expect(c.port).toBe(2000);
    expect(refusal(() => resolveConfig([configFromEnv({ REGAIN_PORT: '70000' })]))).toMatch(/setting port/);
    expect(refusal(() => resolveConfig([configFromEnv({ REGAIN_LOG_LEVEL: 'loud' })]))).toMatch(
      /setting logLevel/,
    );
  });

  it('refuses trusted proxies that are not addresses or CIDRs, naming the entry', () => {
    expect(() => parseTrustedProxies(['10.0.0.0/8', 'proxy.contoso.example'])).toThrow(
      /proxy\.contoso\.example/,
    );
    const proxies = parseTrustedProxies(['10.0.0.0/8', '::1']);
    expect(clientIp('10.1.2.3', '198.51.100.1, 203.0.113.9, 10.0.0.7', proxies)).toBe('203.0.113.9');
    expect(clientIp('::ffff:10.1.2.3', '203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientIp('192.0.2.50', '203.0.113.9', proxies)).toBe('192.0.2.50');
    expect(clientIp('10.1.2.3', 'garbage, 203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientIp('10.1.2.3', '203.0.113.9, garbage', proxies)).toBe('10.1.2.3');
  });
});

describe('key rotation', () => {
  it('keeps verifying a mac of the previous key for 15 minutes after a rotation, not longer', () => {
    const t0 = Date.UTC(2026, 2, 1, 9, 0);
    const clock = new FakeClock(t0);
    const before = generateSecrets(t0 - 30 * 24 * 60 * minute);
    const old = new Keyring(before, clock).sign('code', 'flow-1|alternateEmail|1|12345678');
    const rotated = rotateSecrets(before, t0);
    const ring = new Keyring(rotated, clock);
    expect(ring.currentKid).not.toBe(old.kid);
    const fresh = ring.sign('code', 'flow-2|mobilePhone|1|123456');
    expect(fresh.kid).toBe(ring.currentKid);

    clock.set(t0 + 14 * minute);
    expect(ring.verify('code', 'flow-1|alternateEmail|1|12345678', old.kid, old.mac)).toBe(true);
    expect(ring.verify('code', 'flow-1|alternateEmail|1|99999999', old.kid, old.mac)).toBe(false);
    expect(ring.verify('other', 'flow-1|alternateEmail|1|12345678', old.kid, old.mac)).toBe(false);

    clock.set(t0 + 16 * minute);
    expect(ring.verify('code', 'flow-1|alternateEmail|1|12345678', old.kid, old.mac)).toBe(false);
    expect(ring.verify('code', 'flow-2|mobilePhone|1|123456', fresh.kid, fresh.mac)).toBe(true);
    expect(ring.secretsFor('captcha')).toHaveLength(1);
    // Rotation does not touch the decoy key, so decoys stay stable.
    expect(rotated.decoy).toEqual(before.decoy);
    expect(new Keyring(rotated, clock).stableHmac('user', 'ghost')).toBe(
      new Keyring(before, clock).stableHmac('user', 'ghost'),
    );
  });
});

describe('bootstrap admin key', () => {
  let db: Db;
  let drop: () => Promise<void>;
  const key = (n: number) => `rgk_${String(n).repeat(12)}_${'B'.repeat(40)}`;

  beforeAll(async () => {
    const fresh = await freshDb('postgres');
    db = fresh.db;
    drop = fresh.drop;
    await migrate(db);
  });
  afterAll(async () => drop?.());

  it('installs only while no live admin key exists', async () => {
    const now = Date.now();
    await createApiKey(db, { scope: 'tickets', name: 'login backend', now });
    expect(await bootstrapAdminKey(db, key(1), now)).toBe(true);
    expect((await identifyApiKey(db, key(1), '127.0.0.1', now))?.scope === 'admin').toBe(true);
    expect(await bootstrapAdminKey(db, key(2), now)).toBe(false);
    expect((await identifyApiKey(db, key(2), '127.0.0.1', now))?.scope === 'admin').toBe(false);
    // Installing the same key again (every restart passes it) must not duplicate or fail.
    expect(await bootstrapAdminKey(db, key(1), now)).toBe(false);

    expect(await revokeApiKey(db, key(1).slice(4, 16), now)).toBe(true);
    expect((await identifyApiKey(db, key(1), '127.0.0.1', now))?.scope === 'admin').toBe(false);
    expect(await bootstrapAdminKey(db, key(3), now)).toBe(true);
    expect((await identifyApiKey(db, key(3), '127.0.0.1', now))?.scope === 'admin').toBe(true);
  });
});
