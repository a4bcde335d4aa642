// The stored policy: read with a short cache; replaced whole or merge-patched, with an audit of before and after.
import { type Policy, policySchema } from '../../api/policy.ts';
import { audit } from '../audit/audit.ts';
import type { Clock } from '../clock.ts';
import { problem } from '../problem.ts';
import type { Db } from '../store/db.ts';
import { mergePatch } from './merge-patch.ts';

export class PolicyStore {
  private cached: { policy: Policy; at: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Other instances may change the policy; a second's staleness is harmless. */
    private readonly ttlMs = 1000,
  ) {}

  async get(): Promise<Policy> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.at < this.ttlMs && now >= this.cached.at) return this.cached.policy;
    const [row] = await this.db.query<{ value: unknown }>("SELECT value FROM settings WHERE key = 'policy'");
    // A stored policy passed validation when written; parse again so new defaults fill in after an upgrade.
    const policy = policySchema.parse(row?.value ?? {});
    this.cached = { policy, at: now };
    return policy;
  }

  /**
   * Replaces the whole policy, as `PUT /v1/admin/policy` and `regain policy set` do: every section must be there
   * (a missing one is `422` naming it, so a truncated document can't reset the rest to defaults), then the schema
   * decides. Refusals are `422 validation_failed` with the `field`; nothing is stored then.
   */
  async replace(input: unknown, actor: string): Promise<Policy> {
    requireObject(input, 'the policy is a JSON object');
    const missing = policySections.find((k) => !Object.hasOwn(input, k));
    if (missing)
      throw problem(422, 'validation_failed', {
        field: missing,
        detail: 'required: PUT replaces the whole policy (PATCH changes a part)',
      });
    return this.put(input, actor);
  }

  /** Applies a JSON Merge Patch (RFC 7396) to the stored policy; the merged result is validated as a whole. */
  async patch(patch: unknown, actor: string): Promise<Policy> {
    requireObject(patch, 'a merge patch of the policy is a JSON object');
    return this.write(actor, (stored) => {
      // Onto the policy as GET shows it; a stored one that no longer passes (after an upgrade) is patched as it is.
      const current = policySchema.safeParse(stored ?? {});
      return mergePatch(current.success ? current.data : stored, patch);
    });
  }

  /** Validates and stores a policy; sections left out take their defaults (the demo seed, upgrades). */
  async put(input: unknown, actor: string): Promise<Policy> {
    return this.write(actor, () => input);
  }

  /** Computes the next policy from the stored one under a row lock, validates it, stores it and audits both. */
  private async write(actor: string, next: (stored: unknown) => unknown): Promise<Policy> {
    const at = this.clock.now();
    const policy = await this.db.tx(async (q) => {
      const [before] = await q.query<{ value: unknown }>(
        "SELECT value FROM settings WHERE key = 'policy' FOR UPDATE",
      );
      const policy = validatePolicy(next(before?.value));
      await q.query(
        `INSERT INTO settings (key, value, updated_at) VALUES ('policy', $1, $2)
         ON CONFLICT (key) DO UPDATE SET value = $1, updated_at = $2`,
        [JSON.stringify(policy), new Date(at)],
      );
      await audit(q, {
        at,
        kind: 'policy',
        result: 'succeeded',
        detail: 'policy_changed',
        actor,
        data: { before: before?.value ?? null, after: policy },
      });
      return policy;
    });
    this.cached = { policy, at };
    return policy;
  }
}

const policySections = Object.keys(policySchema.shape);

function requireObject(v: unknown, detail: string): asserts v is object {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw problem(422, 'validation_failed', { detail });
}

/** The schema's verdict as a problem: `422 validation_failed` naming the first offending field. */
export function validatePolicy(input: unknown): Policy {
  const r = policySchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw problem(422, 'validation_failed', {
    field: issue?.path.map(String).join('.') ?? '',
    detail: issue?.message ?? 'invalid',
  });
}
