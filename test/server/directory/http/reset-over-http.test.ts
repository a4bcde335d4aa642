// A reset over HTTP with the HTTP directory connector: shadow rows, directory contact data as a gate, 422 and 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpDirectoryConfigSchema } from '../../../../server/directory/http/http-config.ts';
import { HttpDirectory } from '../../../../server/directory/http/http-directory.ts';
import { ShadowedDirectory } from '../../../../server/directory/ldap/shadow.ts';
import {
  codeFor,
  latestMessageId,
  setPolicy,
  startReset,
  startService,
  type TestService,
} from '../../../helpers/service.ts';
import { type ReferenceDirectory, startReferenceDirectory } from './reference-server.ts';

const secret = 'reset-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const yaraId = '0d6e4f1a-9b2c-4c3d-8e7f-a1b2c3d4e5f6';

describe('reset with the HTTP directory connector', () => {
  let ref: ReferenceDirectory;
  let t: TestService;

  beforeAll(async () => {
    [ref, t] = await Promise.all([
      startReferenceDirectory(secret, [
        {
          id: yaraId,
          username: 'yara',
          password: 'Copper-Lantern-77',
          displayName: 'Yara Lind',
          email: 'yara@contoso.com',
          locked: true,
          contacts: { alternateEmail: 'yara.home@example.net', mobilePhone: '+12065550199' },
        },
      ]),
      startService('pglite'),
    ]);
    const http = new HttpDirectory(httpDirectoryConfigSchema.parse({ url: ref.url, secret, timeoutMs: 500 }));
    // What the runtime does with `httpDirectory` in the config; flows read services.directory per call.
    t.rt.services.directory = new ShadowedDirectory(http, t.db, t.clock);
    await setPolicy(t, { reset: { gatesRequired: 1 } });
  });
  afterAll(async () => {
    await Promise.all([ref?.close(), t?.close()]);
  });

  it("resets and unlocks a user of the organization's application, with its reasons and outages surfaced", async () => {
    const start = await startReset(t, 'YARA');
    expect(start.status).toBe(201);
    expect(start.body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone']);
    const [shadow] = await t.db.query<{ username: string; password_hash: string | null }>(
      'SELECT username, password_hash FROM users WHERE id = $1',
      [yaraId],
    );
    expect(shadow).toEqual({ username: 'yara', password_hash: null });

    const token = start.body.token;
    const before = await latestMessageId(t, 'yara.home@example.net');
    expect((await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token })).status).toBe(
      202,
    );
    const code = await codeFor(t, 'yara.home@example.net', before);
    const v = await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token });
    expect(v.body).toMatchObject({ next: 'password', unlockAvailable: true });

    ref.faults.rejectContaining = 'Velvet';
    const refused = await t.api.post('/v1/reset/password', { password: 'Velvet-Harbor-9182' }, { token });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'directory_rejected',
      detail: 'The password was used before.',
    });
    delete ref.faults.rejectContaining;

    // The write fails; the lookup before it still answers.
    Object.assign(ref.faults, { status: 502, only: '/regain/set-password' });
    const down = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'directory_unavailable' });
    delete ref.faults.status;
    delete ref.faults.only;

    const set = await t.api.post('/v1/reset/password', { password: 'Quartz-Meadow-8812' }, { token });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ status: 'reset', unlocked: true });
    expect(ref.users.get(yaraId)).toMatchObject({ password: 'Quartz-Meadow-8812', locked: false });
    expect(ref.requests.every((r) => r.signed)).toBe(true);
  });

  it('gives an unknown name the same answer shape', async () => {
    const start = await startReset(t, 'nobody-here');
    expect(start.status).toBe(201);
    expect(start.body.gatesRequired).toBe(1);
    expect(start.body.token).toEqual(expect.any(String));
  });
});
