// /admin/api/*: the console's sign-in (password, then a code to the admin's own method) and its session cookie.
import { routes } from '../../../api/routes.ts';
import { auditCsv, queryAudit } from '../../admin/audit-query.ts';
import { findUserOr404, setAdminContact, unblockUser } from '../../admin/users.ts';
import type { ConsoleAuth } from '../../console/console-auth.ts';
import { clearConsoleCookie, setConsoleCookie } from '../../console/console-cookie.ts';
import { createKey, revokeKey } from '../../console/keys.ts';
import { overview } from '../../console/overview.ts';
import { policyHistory, previewPolicy, revertPolicy } from '../../console/policy.ts';
import { revokeOpen, searchUsers, userPage } from '../../console/users.ts';
import { problem } from '../../problem.ts';
import { listApiKeys } from '../../security/api-keys.ts';
import type { Services } from '../../services.ts';
import type { Mount } from '../auth.ts';
import { emptyBody, jsonBody, strictJsonBody, validate } from '../json-body.ts';

export function consoleRoutes(mount: Mount, s: Services, auth: ConsoleAuth): void {
  mount('consoleSignIn', async (c) =>
    c.json(await auth.signIn(await jsonBody(c, routes.consoleSignIn.body), c.var.caller), 201),
  );
  mount('consoleSignInChallenge', async (c) =>
    c.json(await auth.challenge(await jsonBody(c, routes.consoleSignInChallenge.body), c.var.caller), 202),
  );
  mount('consoleSignInVerify', async (c) => {
    const out = await auth.verify(await jsonBody(c, routes.consoleSignInVerify.body), c.var.caller);
    setConsoleCookie(c, out.token);
    return c.json(out.me);
  });
  mount('consoleMe', async (c, sess) =>
    c.json({
      me: sess && {
        username: sess.username,
        displayName: sess.displayName,
        role: sess.role,
        expiresAt: new Date(sess.expiresAt).toISOString(),
      },
    }),
  );
  mount('consoleSignOut', async (c, sess) => {
    await emptyBody(c);
    await auth.signOut(sess, c.var.caller);
    clearConsoleCookie(c);
    return c.body(null, 204);
  });
  mount('consoleOverview', async (c) => c.json(await overview(s, await s.policies.get())));
  mount('consoleUsers', async (c) => {
    const { q, after } = validate(routes.consoleUsers.query, c.req.query());
    return c.json(await searchUsers(s, q, after));
  });
  mount('consoleUser', async (c) =>
    c.json(await userPage(s, await findUserOr404(s, c.req.param('username') ?? ''))),
  );
  mount('consoleUserUnblock', async (c, sess) => {
    await emptyBody(c);
    await unblockUser(s, await findUserOr404(s, c.req.param('username') ?? ''), sess.actor);
    return c.body(null, 204);
  });
  mount('consoleAudit', async (c) => {
    const page = await queryAudit(s, validate(routes.consoleAudit.query, c.req.query()));
    if (/text\/csv/.test(c.req.header('accept') ?? ''))
      return c.body(auditCsv(page.events), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="regain-audit.csv"',
      });
    return c.json(page);
  });
  mount('consoleKeys', async (c) => c.json({ keys: await listApiKeys(s.db) }));
  mount('consoleKeyCreate', async (c, sess) =>
    c.json(await createKey(s, await jsonBody(c, routes.consoleKeyCreate.body), sess.actor), 201),
  );
  mount('consoleKeyRevoke', async (c, sess) => {
    await emptyBody(c);
    await revokeKey(s, c.req.param('id') ?? '', sess.actor);
    return c.body(null, 204);
  });
  mount('consolePolicy', async (c) => c.json(await s.policies.get()));
  mount('consolePolicyPatch', async (c, sess) =>
    c.json(await s.policies.patch(await strictJsonBody(c), sess.actor)),
  );
  mount('consolePolicyPreview', async (c) => c.json(await previewPolicy(s, await strictJsonBody(c))));
  mount('consolePolicyHistory', async (c) => c.json(await policyHistory(s)));
  mount('consolePolicyRevert', async (c, sess) => {
    await emptyBody(c);
    return c.json(await revertPolicy(s, c.req.param('id') ?? '', sess.actor));
  });
  mount('consoleUserContact', async (c, sess) => {
    const user = await findUserOr404(s, c.req.param('username') ?? '');
    // Privileged accounts' methods are the admins' to change (a helpdesk agent could otherwise take one over).
    if (user.privileged && sess.role !== 'admin')
      throw problem(403, 'forbidden', { detail: 'privileged accounts: admins only' });
    await setAdminContact(s, user, await jsonBody(c, routes.consoleUserContact.body), sess.actor);
    return c.json(await userPage(s, user));
  });
  mount('consoleUserRevoke', async (c, sess) => {
    await emptyBody(c);
    await revokeOpen(s, await findUserOr404(s, c.req.param('username') ?? ''), sess.actor);
    return c.body(null, 204);
  });
}
