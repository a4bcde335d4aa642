// Every 401 names its scheme (RFC 9110 §15.5.2, RFC 6750 §3), and says invalid_token when a token was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteSpec, routes } from '../../../api/routes.ts';
import { startService, type TestService } from '../../helpers/service.ts';

describe('WWW-Authenticate', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService('pglite');
  });
  afterAll(async () => t?.close());

  const guarded = (Object.entries(routes) as [string, RouteSpec][]).filter(
    // /metrics lets loopback in without a token (test/server/http/metrics-access.test.ts covers it).
    // The console's routes take a cookie from the console page (test/server/console/sign-in.test.ts).
    ([, r]) =>
      !['none', 'flowOptional', 'metrics', 'console', 'consoleSignIn', 'consoleOptional'].includes(r.auth),
  );

  it.each(guarded)(
    '%s answers 401 with a Bearer challenge, without and with a bad token',
    async (_name, spec) => {
      const path = spec.path.replace('{username}', 'alice').replace('{id}', 'alternateEmail');
      const body = spec.method === 'get' || spec.method === 'delete' ? undefined : {};
      for (const [token, challenge] of [
        [undefined, 'Bearer realm="regain"'],
        [
          'rgk_000000000000_notarealkeynotarealkeynotarealkey00',
          'Bearer realm="regain", error="invalid_token"',
        ],
        ['not-a-token', 'Bearer realm="regain", error="invalid_token"'],
      ] as const) {
        const res = await t.api.call(spec.method.toUpperCase(), path, body, token ? { token } : {});
        expect(res.status, `${spec.method} ${path} ${token ?? ''}: ${res.text}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe(challenge);
      }
    },
  );

  it('is on the 401s of password sign-ins too (change password, registration session)', async () => {
    const change = await t.api.post('/v1/password/change', {
      username: 'bob',
      currentPassword: 'wrong-wrong-wrong',
      newPassword: 'Correct-Horse-Battery-9',
    });
    expect(change.status).toBe(401);
    expect(change.headers.get('www-authenticate')).toBe('Bearer realm="regain"');
    const session = await t.api.post('/v1/registration/session', { username: 'ghost', password: 'x' });
    expect(session.status).toBe(401);
    expect(session.headers.get('www-authenticate')).toBe('Bearer realm="regain"');
  });
});
