// Changing a known password, and checking a candidate: the calls a sign-in page makes without a reset flow.
import type { Violation } from '../../api/problems.ts';
import { audit } from '../audit/audit.ts';
import { canonicalUsername } from '../directory/canonical.ts';
import {
  DirectoryInvalidCredentialsError,
  DirectoryRejectedError,
  type DirectoryUser,
} from '../directory/directory.ts';
import { problem } from '../problem.ts';
import { refund, take } from '../security/throttle.ts';
import type { Caller, Services } from '../services.ts';
import { afterPasswordChange } from './after-password-change.ts';
import { checkCurrentPassword } from './current-password.ts';

/** Changes a password given the current one. 401 is decided before any policy check, the same for unknown users. */
export async function changePassword(
  s: Services,
  body: { username: string; currentPassword: string; newPassword: string },
  c: Caller,
): Promise<{ status: 'changed' }> {
  const { db, clock, directory, keys } = s;
  const p = await s.policies.get();
  const canonical = canonicalUsername(body.username, p.organization.domains);
  const user = await directory.findUser(canonical).catch(() => {
    throw problem(503, 'directory_unavailable');
  });
  const subject = user ? `u:${user.id}` : `h:${keys.stableHmac('user', canonical)}`;
  const now = clock.now();
  // Shared with registration sessions; stops below the directory's own lockout so Regain never locks anyone out.
  const key = `acct:${subject}`;
  const slot = await take(db, key, subject, p.throttles.accountFailuresPer15Minutes, 15 * 60_000, now);
  if (!slot.ok) throw problem(429, 'throttled', { retryAfter: slot.retryAfter });
  const ok = await checkCurrentPassword(s, user, body.currentPassword);
  const event = (
    result: 'succeeded' | 'failed',
    detail: 'password_changed' | 'password_change_failed' | 'password_rejected',
  ) =>
    audit(db, {
      at: clock.now(),
      kind: 'change',
      result,
      detail,
      userId: user?.id ?? null,
      subjectHmac: user ? null : subject.slice(2),
      ip: c.ip,
      userAgent: c.userAgent,
    });
  if (!ok || !user) {
    await event('failed', 'password_change_failed');
    throw problem(401, 'unauthorized');
  }
  await refund(db, key);
  const verdict = await s.passwords.check(p, body.newPassword, {
    user,
    ...(directory.keepsHistory ? { inHistory: (pw: string) => directory.inHistory(user.id, pw) } : {}),
  });
  if (!verdict.accepted) {
    await event('failed', 'password_rejected');
    throw problem(422, 'password_rejected', { violations: verdict.violations });
  }
  try {
    // A directory that can change a password as the user does so (it then applies its user rules: history, minimum
    // age); otherwise the password is set as for a reset.
    if (directory.changePassword)
      await directory.changePassword(user.id, body.currentPassword, body.newPassword);
    else await directory.setPassword(user.id, body.newPassword, { unlock: false });
  } catch (err) {
    if (err instanceof DirectoryInvalidCredentialsError) {
      await event('failed', 'password_change_failed');
      throw problem(401, 'unauthorized');
    }
    if (err instanceof DirectoryRejectedError)
      throw problem(422, 'directory_rejected', { detail: err.reason });
    throw problem(503, 'directory_unavailable');
  }
  await db.tx((q) => afterPasswordChange(s, q, p, user, 'change', c.locale));
  await event('succeeded', 'password_changed');
  s.delivery.kick();
  return { status: 'changed' };
}

/**
 * Checks a candidate password. Without a user (no token) only length, the lists and the typed username count;
 * names and history need the caller to hold a flow for that user.
 */
export async function checkPassword(
  s: Services,
  body: { password: string; username?: string | undefined },
  user: DirectoryUser | null,
  c: Caller,
): Promise<{ accepted: boolean; violations: Violation[] }> {
  const p = await s.policies.get();
  const t = await take(
    s.db,
    `ipcheck:${c.ipKey}`,
    null,
    p.throttles.ipPasswordChecksPerHour,
    3_600_000,
    s.clock.now(),
  );
  if (!t.ok) throw problem(429, 'throttled', { retryAfter: t.retryAfter });
  const { directory } = s;
  return s.passwords.check(p, body.password, {
    username: body.username,
    ...(user
      ? {
          user,
          ...(directory.keepsHistory ? { inHistory: (pw: string) => directory.inHistory(user.id, pw) } : {}),
        }
      : {}),
  });
}
