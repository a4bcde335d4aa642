// The console's overview: how many users could reset today, how resets went, who is blocked, and whether the
// directory and the delivery of codes work. Every figure is counted in the database, never estimated.
import { contactMethodIds } from '../../api/methods.ts';
import type { Policy } from '../../api/policy.ts';
import type { Services } from '../services.ts';

const hour = 3_600_000;

export interface Overview {
  users: {
    /** Enabled accounts Regain knows (the built-in directory's, or those an LDAP directory has shadowed). */
    total: number;
    /** Of them, those with as many usable methods as a reset needs gates. */
    registered: number;
    /** registered / total, in percent with one decimal (0 without users). */
    coverage: number;
  };
  resets: Record<'day' | 'week', { started: number; succeeded: number; successRate: number }>;
  /** Users with a method blocked now (too many failed codes, proofs or answers). */
  blockedUsers: number;
  directory: { ok: boolean };
  delivery: { queued: number; failedLastHour: number; lastError: string | null };
}

export async function overview(s: Services, p: Policy): Promise<Overview> {
  const { db } = s;
  const now = s.clock.now();
  const enabled = contactMethodIds.filter((id) => p.methods[id].enabled);
  const questions = p.methods.questions.enabled ? p.methods.questions.toReset : null;
  // A method counts as it does for a reset: admin and directory data as given, a user's once verified, and only
  // after its 24-hour wait; questions once enough are registered.
  const [users] = await db.query<{ total: number; registered: number }>(
    `WITH usable AS (
       SELECT u.id,
         (SELECT count(DISTINCT c.method) FROM contact_methods c
            WHERE c.user_id = u.id AND c.method = ANY($1::text[])
              AND (c.source <> 'user' OR c.verified_at IS NOT NULL)
              AND (c.usable_for_reset_at IS NULL OR c.usable_for_reset_at <= $2))
         + CASE WHEN $3::int IS NOT NULL AND (SELECT count(*) FROM security_answers a
                  WHERE a.user_id = u.id AND (a.usable_for_reset_at IS NULL OR a.usable_for_reset_at <= $2)) >= $3::int
                THEN 1 ELSE 0 END AS methods
       FROM users u WHERE NOT u.disabled
     )
     SELECT count(*)::int AS total, count(*) FILTER (WHERE methods >= $4)::int AS registered FROM usable`,
    [enabled, new Date(now), questions, p.reset.gatesRequired],
  );
  // Both windows in one read of the last week's reset events.
  const [r] = await db.query<{
    day_started: number;
    day_done: number;
    week_started: number;
    week_done: number;
  }>(
    `SELECT count(*) FILTER (WHERE detail = 'reset_started' AND at >= $1)::int AS day_started,
            count(*) FILTER (WHERE detail = 'password_reset' AND at >= $1)::int AS day_done,
            count(*) FILTER (WHERE detail = 'reset_started')::int AS week_started,
            count(*) FILTER (WHERE detail = 'password_reset')::int AS week_done
     FROM audit WHERE kind = 'reset' AND at >= $2`,
    [new Date(now - 24 * hour), new Date(now - 7 * 24 * hour)],
  );
  const rate = (started = 0, succeeded = 0) => ({
    started,
    succeeded,
    successRate: started ? round((100 * succeeded) / started) : 0,
  });
  const [blocked] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT subject)::int AS n FROM throttles
     WHERE blocked_until > $1 AND subject LIKE 'u:%' AND (key LIKE 'fail:%' OR key LIKE 'regfail:%')`,
    [new Date(now)],
  );
  const [delivery] = await db.query<{ queued: number; failed: number; last_error: string | null }>(
    `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS queued,
            count(*) FILTER (WHERE status = 'failed' AND created_at >= $1)::int AS failed,
            (SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY created_at DESC LIMIT 1) AS last_error
     FROM outbox`,
    [new Date(now - hour)],
  );
  const directoryOk = await s.directory.ping().then(
    () => true,
    () => false,
  );
  const total = users?.total ?? 0;
  const registered = users?.registered ?? 0;
  return {
    users: { total, registered, coverage: total ? round((100 * registered) / total) : 0 },
    resets: { day: rate(r?.day_started, r?.day_done), week: rate(r?.week_started, r?.week_done) },
    blockedUsers: blocked?.n ?? 0,
    directory: { ok: directoryOk },
    delivery: {
      queued: delivery?.queued ?? 0,
      failedLastHour: delivery?.failed ?? 0,
      lastError: delivery?.last_error ?? null,
    },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
