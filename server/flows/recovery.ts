// Finishes password writes a crash interrupted: a flow left in `writing` is closed as done and the user told, once.
import { audit } from '../audit/audit.ts';
import { storedUser } from '../directory/builtin.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import type { Services } from '../services.ts';
import { afterPasswordChange } from './after-password-change.ts';

/**
 * How long a write may take before its flow counts as interrupted. Every directory call gives up well before this
 * (LDAP and HTTP timeouts are seconds), so a live instance's write is never taken over.
 */
export const writingGraceMs = 2 * 60_000;

interface InterruptedFlow {
  id: string;
  user_id: string | null;
  locale: string;
}

/**
 * Finishes every flow that entered `writing` more than writingGraceMs ago; returns how many this call finished.
 * Each flow is claimed with `UPDATE … WHERE state = 'writing' … RETURNING` in the transaction that queues its
 * notifications, so however many instances run this at once, each flow is finished and notified exactly once.
 *
 * Whether the directory took the password is unknown (the crash may have come just before the write): the flow is
 * closed either way, since a token that may already have set a password must never set another (SECURITY 46), and
 * the user is told, since a change they did not hear about is the worse error.
 */
export async function recoverInterruptedWrites(s: Services): Promise<number> {
  let recovered = 0;
  for (;;) {
    const now = s.clock.now();
    // Looked at first, outside any transaction: the directory lookup must not hold a row lock (nor, on PGlite,
    // the one connection the directory's own queries wait for).
    const [f] = await s.db.query<InterruptedFlow>(
      `SELECT id, user_id, locale FROM flows WHERE state = 'writing' AND writing_at <= $1 ORDER BY writing_at LIMIT 1`,
      [new Date(now - writingGraceMs)],
    );
    if (!f) return recovered;
    const user = f.user_id ? await userFor(s, f.user_id) : null;
    if (await finish(s, f, user, now)) recovered++;
  }
}

/** Closes one flow and queues its notifications in one transaction; false when another instance got there first. */
async function finish(
  s: Services,
  f: InterruptedFlow,
  user: DirectoryUser | null,
  now: number,
): Promise<boolean> {
  const p = await s.policies.get();
  const finished = await s.db.tx(async (q) => {
    const [claimed] = await q.query(
      `UPDATE flows SET state = 'done', finished_at = $2 WHERE id = $1 AND state = 'writing' RETURNING id`,
      [f.id, new Date(now)],
    );
    if (!claimed) return false;
    if (user) await afterPasswordChange(s, q, p, user, 'reset', f.locale);
    await audit(q, {
      at: now,
      kind: 'reset',
      result: 'succeeded',
      detail: 'password_reset',
      userId: f.user_id,
      data: { recovered: true, flow: f.id },
    });
    return true;
  });
  if (finished) s.delivery.kick();
  return finished;
}

/**
 * The user as the directory describes them, else Regain's own row (built-in user or shadow): a directory that is
 * down must not keep the flow open, and the row holds everything the notifications need.
 */
async function userFor(s: Services, id: string): Promise<DirectoryUser | null> {
  try {
    const user = await s.directory.getUser(id);
    if (user) return user;
  } catch (err) {
    s.log.warn({ err }, 'recovery: directory lookup failed; notifying from the stored user row');
  }
  return storedUser(s.db, id);
}
