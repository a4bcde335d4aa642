// Admin routes (API key with scope admin, checked by ../auth.ts): policy (replace and merge patch), users' contact
// data, unblock, audit.
import { routes } from '../../../api/routes.ts';
import { auditCsv, queryAudit } from '../../admin/audit-query.ts';
import { adminView, findUserOr404, setAdminContact, unblockUser } from '../../admin/users.ts';
import type { Services } from '../../services.ts';
import type { Mount } from '../auth.ts';
import { emptyBody, jsonBody, strictJsonBody, validate } from '../json-body.ts';

export function adminRoutes(mount: Mount, s: Services): void {
  mount('adminPolicyGet', async (c) => c.json(await s.policies.get()));
  // Both validate what would be stored (server/policy/store.ts), so they read the body as strict JSON only.
  mount('adminPolicyPut', async (c, key) =>
    c.json(await s.policies.replace(await strictJsonBody(c), key.actor)),
  );
  mount('adminPolicyPatch', async (c, key) =>
    c.json(await s.policies.patch(await strictJsonBody(c), key.actor)),
  );
  mount('adminUserGet', async (c) =>
    c.json(await adminView(s, await findUserOr404(s, c.req.param('username') ?? ''))),
  );
  mount('adminContactPut', async (c, key) => {
    const user = await findUserOr404(s, c.req.param('username') ?? '');
    const body = await jsonBody(c, routes.adminContactPut.body);
    return c.json(await setAdminContact(s, user, body, key.actor));
  });
  mount('adminUnblock', async (c, key) => {
    await emptyBody(c);
    await unblockUser(s, await findUserOr404(s, c.req.param('username') ?? ''), key.actor);
    return c.body(null, 204);
  });
  mount('adminAudit', async (c) => {
    const f = validate(routes.adminAudit.query, c.req.query());
    const page = await queryAudit(s, f);
    if (/text\/csv/.test(c.req.header('accept') ?? ''))
      return c.body(auditCsv(page.events), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    return c.json(page);
  });
}
