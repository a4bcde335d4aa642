// Admin routes (API key with scope admin): policy (replace and merge patch), users' contact data, unblock, audit.
import type { Hono } from 'hono';
import { routes } from '../../../api/routes.ts';
import { auditCsv, queryAudit } from '../../admin/audit-query.ts';
import { adminView, findUserOr404, setAdminContact, unblockUser } from '../../admin/users.ts';
import { problem } from '../../problem.ts';
import { checkApiKey } from '../../security/api-keys.ts';
import type { Services } from '../../services.ts';
import type { Env } from '../env.ts';
import { emptyBody, jsonBody, strictJsonBody, validate } from '../json-body.ts';

export function adminRoutes(app: Hono<Env>, s: Services): void {
  app.use('/v1/admin/*', async (c, next) => {
    const key = /^Bearer (rgk_\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!key || !(await checkApiKey(s.db, key, 'admin', c.var.caller.ip, s.clock.now())))
      throw problem(401, 'unauthorized');
    await next();
  });
  const actor = (c: { req: { header(n: string): string | undefined } }) =>
    `key:${/^Bearer rgk_([0-9a-f]{12})/.exec(c.req.header('authorization') ?? '')?.[1] ?? '?'}`;

  app.get(routes.adminPolicyGet.path, async (c) => c.json(await s.policies.get()));
  // Both validate what would be stored (server/policy/store.ts), so they read the body as strict JSON only.
  app.put(routes.adminPolicyPut.path, async (c) =>
    c.json(await s.policies.replace(await strictJsonBody(c), actor(c))),
  );
  app.patch(routes.adminPolicyPatch.path, async (c) =>
    c.json(await s.policies.patch(await strictJsonBody(c), actor(c))),
  );
  const userPath = (p: string) => p.replace('{username}', ':username');
  app.get(userPath(routes.adminUserGet.path), async (c) =>
    c.json(await adminView(s, await findUserOr404(s, c.req.param('username') ?? ''))),
  );
  app.put(userPath(routes.adminContactPut.path), async (c) => {
    const user = await findUserOr404(s, c.req.param('username') ?? '');
    const body = await jsonBody(c, routes.adminContactPut.body);
    return c.json(await setAdminContact(s, user, body, actor(c)));
  });
  app.post(userPath(routes.adminUnblock.path), async (c) => {
    await emptyBody(c);
    await unblockUser(s, await findUserOr404(s, c.req.param('username') ?? ''), actor(c));
    return c.body(null, 204);
  });
  app.get(routes.adminAudit.path, async (c) => {
    const f = validate(routes.adminAudit.query, c.req.query());
    const page = await queryAudit(s, f);
    if (/text\/csv/.test(c.req.header('accept') ?? ''))
      return c.body(auditCsv(page.events), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    return c.json(page);
  });
}
