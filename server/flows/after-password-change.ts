// What follows any password change (reset, change, admin, recovery after a crash): the old credentials' sessions end
// and every channel on file hears of it.
import type { Policy } from '../../api/policy.ts';
import type { OutgoingMessage } from '../delivery/outbox.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { type AuthData, isPrivileged, loadAuthData } from '../policy/auth-data.ts';
import { clearSubject, resetThrottles } from '../security/throttle.ts';
import type { Services } from '../services.ts';
import type { Queryable } from '../store/db.ts';
import { queuePasswordChanged } from '../webhooks/password-changed.ts';

const noticeLifetimeMs = 24 * 3_600_000;

/**
 * In the caller's transaction: closes the user's open flows, revokes registration sessions and unused tickets,
 * clears the reset throttles and drawn questions, tells every channel on file and queues `password.changed`.
 */
/**
 * Ends everything a user has open: reset flows, registration sessions, unused tickets and console sessions (after
 * a password change, and when the helpdesk ends them).
 */
export async function endOpenSessions(q: Queryable, userId: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE flows SET state = 'closed', finished_at = $2 WHERE user_id = $1 AND state IN ('started', 'gates_passed')`,
    [userId, now],
  );
  await q.query(
    'UPDATE registration_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL',
    [userId, now],
  );
  await q.query(
    'UPDATE tickets SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL',
    [userId, now],
  );
  await q.query('UPDATE console_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
    userId,
    now,
  ]);
}

export async function afterPasswordChange(
  s: Services,
  q: Queryable,
  p: Policy,
  user: DirectoryUser,
  reason: 'reset' | 'change' | 'admin',
  locale: string,
): Promise<void> {
  const now = new Date(s.clock.now());
  // Everything opened with the old password dies with it.
  await endOpenSessions(q, user.id, now);
  await clearSubject(q, `u:${user.id}`, resetThrottles);
  await q.query('DELETE FROM question_draws WHERE subject = $1', [`u:${user.id}`]);
  // The user hears of it on every channel on file; admins too when a privileged user reset.
  if (p.notifications.userOnReset) {
    const at = s.clock.now();
    const { contacts } = await loadAuthData(q, user.id);
    const vars = { org: p.organization.name, name: user.displayName, reason, at: new Date(at).toISOString() };
    const message = { kind: 'password_changed' as const, locale, expiresAt: at + noticeLifetimeMs, vars };
    await tellEveryChannel(s, q, p, { contacts, email: user.email }, message);
    if (reason === 'reset' && isPrivileged(p, user) && p.notifications.adminsOnPrivilegedReset)
      for (const to of p.notifications.adminEmails)
        await s.delivery.enqueue(q, { ...message, kind: 'privileged_reset', channel: 'email', to });
  }
  // The identity provider hears of it in the same transaction, so it can end the user's sign-in sessions.
  await queuePasswordChanged(s, q, user.username, reason);
}

/**
 * Queues one message to every channel on file: the alternate and the primary email (once when they are the same)
 * and a text to the mobile phone when the policy sends texts. Used after password changes and contact changes.
 */
export async function tellEveryChannel(
  s: Pick<Services, 'delivery'>,
  q: Queryable,
  p: Policy,
  onFile: { contacts: AuthData['contacts']; email?: string | null | undefined },
  message: Omit<OutgoingMessage, 'channel' | 'to'>,
): Promise<void> {
  const emails = new Set(
    [onFile.contacts.alternateEmail?.value, onFile.email].filter((e): e is string => Boolean(e)),
  );
  for (const to of emails) await s.delivery.enqueue(q, { ...message, channel: 'email', to });
  if (onFile.contacts.mobilePhone && p.methods.mobilePhone.sms)
    await s.delivery.enqueue(q, { ...message, channel: 'sms', to: onFile.contacts.mobilePhone.value });
}
