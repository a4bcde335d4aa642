// The console's policy: changes as JSON Merge Patches (the same store, schema and audit as the admin API), a
// preview of who could still reset, the history of changes with who made them, and reverting to before one.
import { policySchema } from '../../api/policy.ts';
import { mergePatch } from '../policy/merge-patch.ts';
import { validatePolicy } from '../policy/store.ts';
import { problem } from '../problem.ts';
import type { Services } from '../services.ts';
import { overview } from './overview.ts';

/**
 * What a patch would change in who can reset: registered users under the policy now and under the patched one,
 * counted as the overview counts them. A patch the schema refuses is the same `422` its saving would be.
 */
export async function previewPolicy(s: Services, patch: unknown) {
  const current = await s.policies.get();
  if (!patch || typeof patch !== 'object' || Array.isArray(patch))
    throw problem(422, 'validation_failed', { detail: 'a merge patch of the policy is a JSON object' });
  const next = validatePolicy(mergePatch(current, patch));
  const [before, after] = await Promise.all([overview(s, current), overview(s, next)]);
  return {
    total: before.users.total,
    registeredNow: before.users.registered,
    registeredAfter: after.users.registered,
  };
}

interface ChangeRow {
  id: string;
  at: Date;
  actor: string | null;
  data: { before: unknown; after: unknown } | null;
}

/** The last changes, newest first: who, when, and the policy before and after each. */
export async function policyHistory(s: Services) {
  const rows = await s.db.query<ChangeRow>(
    `SELECT id::text AS id, at, actor, data FROM audit WHERE kind = 'policy' AND detail = 'policy_changed'
     ORDER BY id DESC LIMIT 20`,
  );
  return {
    changes: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      before: r.data?.before ?? null,
      after: r.data?.after ?? null,
    })),
  };
}

/** Puts back the policy as it was before change `id` (itself a change, audited with the admin's name). */
export async function revertPolicy(s: Services, id: string, actor: string) {
  if (!/^\d{1,18}$/.test(id)) throw problem(404, 'not_found');
  const [row] = await s.db.query<ChangeRow>(
    `SELECT id::text AS id, at, actor, data FROM audit WHERE id = $1 AND kind = 'policy' AND detail = 'policy_changed'`,
    [id],
  );
  if (!row) throw problem(404, 'not_found');
  // The first change of an installation had no policy before it: that is the defaults.
  const before = row.data?.before ?? policySchema.parse({});
  return s.policies.put(before, actor);
}
