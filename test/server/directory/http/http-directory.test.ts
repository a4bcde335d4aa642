// The HTTP directory connector against a loopback reference implementation: signing both ways, errors mapped.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../../server/config.ts';
import { DirectoryRejectedError, DirectoryUnavailableError } from '../../../../server/directory/directory.ts';
import { httpDirectoryConfigSchema } from '../../../../server/directory/http/http-config.ts';
import { HttpDirectory } from '../../../../server/directory/http/http-directory.ts';
import { sign, signedHeaders, verifySignature } from '../../../../server/directory/http/signing.ts';
import { type ReferenceDirectory, startReferenceDirectory } from './reference-server.ts';

const secret = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const zoeId = '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';
const zoe = {
  id: zoeId,
  username: 'Zoe',
  password: 'Copper-Lantern-77',
  displayName: 'Zoe Quinn',
  givenName: 'Zoe',
  familyName: 'Quinn',
  email: 'zoe@contoso.com',
  groups: ['Staff'],
  contacts: { mobilePhone: '+1 206 555 0100', alternateEmail: 'zoe.home@example.net', officePhone: '12345' },
};

describe('signing', () => {
  it('signs timestamp.method.path.body and verifies within the allowed skew only', () => {
    const now = Date.UTC(2026, 0, 1);
    const h = signedHeaders(secret, now, 'post', '/regain/lookup', '{"username":"zoe"}');
    expect(h['Regain-Timestamp']).toBe(String(now / 1000));
    expect(h['Regain-Signature']).toBe(
      sign(secret, now / 1000, 'POST', '/regain/lookup', '{"username":"zoe"}'),
    );
    // The documented construction, computed independently.
    const mac = createHmac('sha256', secret)
      .update(`${now / 1000}.POST./regain/lookup.{"username":"zoe"}`)
      .digest('hex');
    expect(h['Regain-Signature']).toBe(`v1=${mac}`);
    const headers = { timestamp: h['Regain-Timestamp'], signature: h['Regain-Signature'] };
    expect(verifySignature(secret, now, headers, 'POST', '/regain/lookup', '{"username":"zoe"}')).toBe(true);
    expect(
      verifySignature(secret, now + 299_000, headers, 'POST', '/regain/lookup', '{"username":"zoe"}'),
    ).toBe(true);
    expect(
      verifySignature(secret, now + 301_000, headers, 'POST', '/regain/lookup', '{"username":"zoe"}'),
    ).toBe(false);
    expect(verifySignature(secret, now, headers, 'POST', '/regain/lookup', '{"username":"eve"}')).toBe(false);
    expect(verifySignature(secret, now, headers, 'POST', '/regain/verify', '{"username":"zoe"}')).toBe(false);
    expect(verifySignature(`${secret}x`, now, headers, 'POST', '/regain/lookup', '{"username":"zoe"}')).toBe(
      false,
    );
    expect(verifySignature(secret, now, { timestamp: null, signature: null }, 'POST', '/', '')).toBe(false);
    expect(verifySignature(secret, now, { ...headers, signature: 'zz' }, 'POST', '/regain/lookup', '')).toBe(
      false,
    );
  });
});

describe('config', () => {
  it('wants https off loopback, a long secret and exactly one of secret and secretFile', () => {
    const ok = (c: Record<string, unknown>) => httpDirectoryConfigSchema.safeParse(c).success;
    expect(ok({ url: 'https://accounts.example.org/regain', secret })).toBe(true);
    expect(ok({ url: 'http://127.0.0.1:9000/regain', secret })).toBe(true);
    expect(ok({ url: 'http://accounts.example.org/regain', secret })).toBe(false);
    expect(ok({ url: 'https://accounts.example.org/regain?x=1', secret })).toBe(false);
    expect(ok({ url: 'https://accounts.example.org/regain', secret: 'short' })).toBe(false);
    expect(ok({ url: 'https://accounts.example.org/regain' })).toBe(false);
    expect(ok({ url: 'https://accounts.example.org/regain', secret, secretFile: '/x' })).toBe(false);
    expect(httpDirectoryConfigSchema.parse({ url: 'https://a.example', secret }).timeoutMs).toBe(5000);
  });

  it('is a service setting that excludes ldap', () => {
    const httpDirectory = { url: 'https://accounts.example.org/regain', secret };
    expect(resolveConfig([{ httpDirectory }]).httpDirectory).toEqual({ ...httpDirectory, timeoutMs: 5000 });
    expect(() =>
      resolveConfig([
        {
          httpDirectory,
          ldap: {
            mode: 'openldap',
            url: 'ldaps://ldap.example.org',
            bindDn: 'cn=svc',
            bindPassword: 'x',
            baseDn: 'dc=example',
          },
        },
      ]),
    ).toThrow(/not both/);
  });
});

describe('HttpDirectory against the reference implementation', () => {
  let ref: ReferenceDirectory;
  let dir: HttpDirectory;
  beforeAll(async () => {
    ref = await startReferenceDirectory(secret, [zoe]);
    dir = new HttpDirectory(httpDirectoryConfigSchema.parse({ url: ref.url, secret, timeoutMs: 300 }));
  });
  afterAll(async () => ref?.close());
  beforeEach(() => {
    for (const k of Object.keys(ref.faults)) delete ref.faults[k as keyof typeof ref.faults];
    ref.requests.length = 0;
    ref.users.set(zoeId, { ...zoe });
  });

  it('looks a user up by name and by id, with usable contact data only, over signed requests', async () => {
    const found = await dir.findUserWithContacts('zoe');
    expect(found).toEqual({
      user: {
        id: zoeId,
        username: 'zoe',
        displayName: 'Zoe Quinn',
        givenName: 'Zoe',
        familyName: 'Quinn',
        email: 'zoe@contoso.com',
        groups: ['Staff'],
        privileged: false,
        disabled: false,
        locked: false,
      },
      // The office number is not a phone number and is left out.
      contacts: { mobilePhone: '+12065550100', alternateEmail: 'zoe.home@example.net' },
    });
    expect(await dir.getUser(zoeId.toUpperCase())).toEqual(found?.user);
    expect(await dir.contactsOf(zoeId)).toEqual(found?.contacts);
    expect(await dir.findUser('nobody')).toBeNull();
    expect(await dir.getUser('not-a-uuid')).toBeNull();
    expect(ref.requests.map((r) => [r.method, r.path, r.body, r.signed])).toEqual([
      ['POST', '/regain/lookup', '{"username":"zoe"}', true],
      ['POST', '/regain/lookup', `{"id":"${zoeId}"}`, true],
      ['POST', '/regain/lookup', `{"id":"${zoeId}"}`, true],
      ['POST', '/regain/lookup', '{"username":"nobody"}', true],
    ]);
  });

  it('verifies passwords', async () => {
    expect(await dir.verifyPassword(zoeId, 'Copper-Lantern-77')).toBe(true);
    expect(await dir.verifyPassword(zoeId, 'wrong')).toBe(false);
    expect(await dir.verifyPassword(zoeId, '')).toBe(false);
    expect(await dir.verifyPassword('00000000-0000-4000-8000-000000000000', 'x')).toBe(false);
  });

  it('sets a password with unlock, and unlocks', async () => {
    ref.users.get(zoeId)!.locked = true;
    await dir.setPassword(zoeId, 'Quartz-Meadow-8812', { unlock: true });
    expect(ref.users.get(zoeId)).toMatchObject({ password: 'Quartz-Meadow-8812', locked: false });
    expect(ref.requests.at(-1)?.body).toBe(
      JSON.stringify({ id: zoeId, password: 'Quartz-Meadow-8812', unlock: true }),
    );
    ref.users.get(zoeId)!.locked = true;
    await dir.unlock(zoeId);
    expect(ref.users.get(zoeId)?.locked).toBe(false);
    await expect(dir.ping()).resolves.toBeUndefined();
  });

  it("maps 422 to DirectoryRejectedError with the organization's reason", async () => {
    ref.faults.rejectContaining = 'Old';
    const err = await dir.setPassword(zoeId, 'Old-Password-1234', { unlock: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryRejectedError);
    expect((err as DirectoryRejectedError).reason).toBe('The password was used before.');
    expect(ref.users.get(zoeId)?.password).toBe('Copper-Lantern-77');
    await expect(
      dir.setPassword('00000000-0000-4000-8000-000000000000', 'Quartz-Meadow-8812', { unlock: true }),
    ).rejects.toBeInstanceOf(DirectoryRejectedError);
  });

  it.each([
    ['a 5xx', { status: 503 }],
    ['an unexpected status', { status: 418 }],
    ['a timeout', { hang: true }],
    ['an answer signed with another secret', { signWith: `${secret}-other` }],
    ['an unsigned answer', { unsigned: true }],
  ])('maps %s to DirectoryUnavailableError on every call', async (_, faults) => {
    Object.assign(ref.faults, faults);
    const t0 = performance.now();
    await expect(dir.findUser('zoe')).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(dir.verifyPassword(zoeId, 'Copper-Lantern-77')).rejects.toBeInstanceOf(
      DirectoryUnavailableError,
    );
    await expect(dir.setPassword(zoeId, 'Quartz-Meadow-8812', { unlock: true })).rejects.toBeInstanceOf(
      DirectoryUnavailableError,
    );
    await expect(dir.unlock(zoeId)).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(dir.ping()).rejects.toBeInstanceOf(DirectoryUnavailableError);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('maps a connection refused to DirectoryUnavailableError', async () => {
    const gone = await startReferenceDirectory(secret, []);
    await gone.close();
    const down = new HttpDirectory(
      httpDirectoryConfigSchema.parse({ url: gone.url, secret, timeoutMs: 300 }),
    );
    await expect(down.ping()).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });

  it('is refused by the organization when signing with the wrong secret', async () => {
    const wrong = new HttpDirectory(
      httpDirectoryConfigSchema.parse({ url: ref.url, secret: `${secret}-wrong`, timeoutMs: 300 }),
    );
    await expect(wrong.findUser('zoe')).rejects.toBeInstanceOf(DirectoryUnavailableError);
    expect(ref.requests.at(-1)?.signed).toBe(false);
  });
});
