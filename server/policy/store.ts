// The stored policy: read with a short cache, written whole with an audit of before and after.
import { type Policy, policySchema } from '../../api/policy.ts';
import { audit } from '../audit/audit.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';

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

  /** Validates and stores a whole policy; throws the zod error for invalid input. */
  async put(input: unknown, actor: string): Promise<Policy> {
    const policy = policySchema.parse(input);
    const at = this.clock.now();
    await this.db.tx(async (q) => {
      const [before] = await q.query<{ value: unknown }>(
        "SELECT value FROM settings WHERE key = 'policy' FOR UPDATE",
      );
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
    });
    this.cached = { policy, at };
    return policy;
  }
}
