// Walks the route table: every route is served, behind exactly the auth its spec names, and nothing else is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteSpec, routes } from '../../../api/routes.ts';
import { createApiKey } from '../../../server/security/api-keys.ts';
import { startReset, startService, type TestService } from '../../helpers/service.ts';

const concrete = (spec: RouteSpec) =>
  spec.path.replace('{username}', 'alice').replace('{id}', 'alternateEmail');

describe('route auth', () => {
  let t: TestService;
  const creds: Record<string, string> = {};
  beforeAll(async () => {
    t = await startService('pglite');
    creds.flow = (await startReset(t, 'alice')).body.token;
    creds.session = (
      await t.api.post<{ token: string }>('/v1/registration/session', {
        username: 'alice',
        password: 'Tulip-Harbor-42',
      })
    ).body.token;
    creds.admin = t.adminKey;
    creds.tickets = (await createApiKey(t.db, { scope: 'tickets', name: 'walk', now: t.clock.now() })).key;
  });
  afterAll(async () => t?.close());

  const specs = Object.entries(routes) as [string, RouteSpec][];
  const bodyOf = (spec: RouteSpec) => (spec.method === 'get' || spec.method === 'delete' ? undefined : {});

  it.each(specs)('%s: only its own kind of credential gets past the gate', async (_name, spec) => {
    for (const [kind, token] of Object.entries(creds)) {
      const res = await t.api.call(spec.method.toUpperCase(), concrete(spec), bodyOf(spec), { token });
      const mine =
        kind === spec.auth || (spec.auth === 'flowOptional' && (kind === 'flow' || kind === 'session'));
      const open = spec.auth === 'none';
      // Past the gate a call may still fail validation or the flow's rules, but never on its credential.
      const refused =
        res.status === 401 || (res.status === 403 && ['insufficient_scope'].includes(String(res.body?.code)));
      // /metrics takes only its own token (none is configured here), whatever else is sent.
      if (spec.auth === 'metrics') expect(res.status).toBe(401);
      else if (mine || open)
        expect(refused, `${kind} on ${spec.method} ${spec.path}: ${res.text}`).toBe(false);
      else if (spec.auth === 'flowOptional') expect(res.status, `${kind}: ${res.text}`).toBe(401);
      else expect([401, 403], `${kind} on ${spec.method} ${spec.path}: ${res.text}`).toContain(res.status);
      if (
        (spec.auth === 'admin' || spec.auth === 'tickets') &&
        (kind === 'admin' || kind === 'tickets') &&
        !mine
      )
        expect(res.body).toMatchObject({ code: 'insufficient_scope', scope: spec.auth });
    }
  });

  it('serves every route of the table and no /v1 or /admin/api route outside it', async () => {
    const table = new Set(
      specs.map(([, s]) => `${s.method.toUpperCase()} ${s.path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = new Set(
      t.rt.app.routes
        .filter(
          (r) =>
            r.method !== 'ALL' &&
            (r.path.startsWith('/v1/') ||
              r.path.startsWith('/admin/api/') ||
              ['/healthz', '/readyz', '/metrics'].includes(r.path)),
        )
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...served].sort()).toEqual([...table].sort());
  });
});
