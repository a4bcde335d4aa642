// Admin operations on users: the admin's view, admin-provided contact data, unblocking. Shared by HTTP and CLI.
import type { z } from 'zod';
import type { contactBody } from '../../api/admin.ts';
import { audit } from '../audit/audit.ts';
import { canonicalUsername } from '../directory/canonical.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import {
  type ContactMethodId,
  decoyReason,
  gatesNeeded,
  loadAuthData,
  resetMethodIds,
} from '../policy/auth-data.ts';
import { phoneProblem, toE164 } from '../policy/phone.ts';
import { problem } from '../problem.ts';
import { clearSubject, resetThrottles } from '../security/throttle.ts';
import type { Services } from '../services.ts';

export async function findUserOr404(s: Services, username: string): Promise<DirectoryUser> {
  const p = await s.policies.get();
  const user = await s.directory.findUser(canonicalUsername(username, p.organization.domains));
  if (!user) throw problem(404, 'not_found');
  return user;
}

/** A user as the admin sees it: contact data with sources, never security answers. */
export async function adminView(s: Services, user: DirectoryUser) {
  const p = await s.policies.get();
  const rows = await s.db.query<{
    method: string;
    value: string;
    source: 'user' | 'admin' | 'directory';
    verified_at: Date | null;
    usable_for_reset_at: Date | null;
  }>(
    'SELECT method, value, source, verified_at, usable_for_reset_at FROM contact_methods WHERE user_id = $1 ORDER BY method, source',
    [user.id],
  );
  const data = await loadAuthData(s.db, user.id);
  const ids = resetMethodIds(p, user, data, s.clock.now());
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    privileged: user.privileged,
    disabled: user.disabled,
    locked: user.locked,
    groups: user.groups,
    contact: rows.map((r) => ({
      id: r.method,
      value: r.value,
      source: r.source,
      verifiedAt: r.verified_at?.toISOString() ?? null,
      usableForResetAt: r.usable_for_reset_at?.toISOString() ?? null,
    })),
    questionsRegistered: data.questionIds.length,
    configured: decoyReason(p, user, ids) === undefined && ids.length >= gatesNeeded(p, user),
  };
}

/** Sets or removes (null) admin-provided contact data, validated and normalized, audited with before and after. */
export async function setAdminContact(
  s: Services,
  user: DirectoryUser,
  body: z.output<typeof contactBody>,
  actor: string,
) {
  const values: Partial<Record<ContactMethodId, string | null>> = {};
  if (body.alternateEmail !== undefined) values.alternateEmail = body.alternateEmail?.trim() ?? null;
  for (const id of ['mobilePhone', 'officePhone'] as const) {
    const v = body[id];
    if (v === undefined) continue;
    if (v === null) {
      values[id] = null;
      continue;
    }
    const why = phoneProblem(v.startsWith('+') ? v : `+${v}`);
    if (why)
      throw problem(422, 'validation_failed', {
        field: id,
        detail: `phone number is ${why.replace('_', '-')}`,
      });
    values[id] = toE164(v.startsWith('+') ? v : `+${v}`)!;
  }
  if (values.mobilePhone && values.mobilePhone === values.officePhone)
    throw problem(422, 'validation_failed', {
      field: 'officePhone',
      detail: 'the office phone must differ from the mobile phone',
    });
  if (values.alternateEmail && user.email && values.alternateEmail.toLowerCase() === user.email.toLowerCase())
    throw problem(422, 'validation_failed', {
      field: 'alternateEmail',
      detail: 'must differ from the primary address',
    });
  const now = new Date(s.clock.now());
  await s.db.tx(async (q) => {
    const before = await q.query<{ method: string; value: string }>(
      "SELECT method, value FROM contact_methods WHERE user_id = $1 AND source = 'admin' FOR UPDATE",
      [user.id],
    );
    for (const [method, value] of Object.entries(values)) {
      if (value === null)
        await q.query("DELETE FROM contact_methods WHERE user_id = $1 AND method = $2 AND source = 'admin'", [
          user.id,
          method,
        ]);
      else
        await q.query(
          `INSERT INTO contact_methods (user_id, method, source, value, verified_at, updated_at) VALUES ($1, $2, 'admin', $3, NULL, $4)
           ON CONFLICT (user_id, method, source) DO UPDATE SET value = $3, updated_at = $4`,
          [user.id, method, value, now],
        );
    }
    const effective = (await loadAuthData(q, user.id)).contacts;
    if (effective.mobilePhone && effective.mobilePhone.value === effective.officePhone?.value)
      throw problem(422, 'validation_failed', {
        field: values.officePhone ? 'officePhone' : 'mobilePhone',
        detail: 'the office phone must differ from the mobile phone',
      });
    // A recovery-method change invalidates open reset flows (SECURITY.md 26).
    await q.query(
      `UPDATE flows SET state = 'closed', finished_at = $2 WHERE user_id = $1 AND state IN ('started', 'gates_passed')`,
      [user.id, now],
    );
    await audit(q, {
      at: now.getTime(),
      kind: 'admin',
      result: 'succeeded',
      detail: 'contact_changed',
      actor,
      userId: user.id,
      data: { before: Object.fromEntries(before.map((r) => [r.method, r.value])), after: values },
    });
  });
  return adminView(s, user);
}

export async function unblockUser(s: Services, user: DirectoryUser, actor: string): Promise<void> {
  await s.db.tx(async (q) => {
    await clearSubject(q, `u:${user.id}`, [...resetThrottles, 'regfail', 'phoneday']);
    await audit(q, {
      at: s.clock.now(),
      kind: 'admin',
      result: 'succeeded',
      detail: 'user_unblocked',
      actor,
      userId: user.id,
    });
  });
}
