// Notifications after a password change: every channel on file, and admins when a privileged user reset.
import type { Policy } from '../../api/policy.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { isPrivileged, loadAuthData } from '../policy/auth-data.ts';
import type { Services } from '../services.ts';
import type { Queryable } from '../store/db.ts';

const noticeLifetimeMs = 24 * 3_600_000;

export async function notifyPasswordChanged(
  s: Services,
  q: Queryable,
  p: Policy,
  user: DirectoryUser,
  reason: 'reset' | 'change' | 'admin',
  locale: string,
): Promise<void> {
  if (!p.notifications.userOnReset) return;
  const now = s.clock.now();
  const { contacts } = await loadAuthData(q, user.id);
  const base = { kind: 'password_changed' as const, locale, expiresAt: now + noticeLifetimeMs };
  const vars = { org: p.organization.name, name: user.displayName, reason, at: new Date(now).toISOString() };
  const emails = new Set([contacts.alternateEmail?.value, user.email].filter((e): e is string => Boolean(e)));
  for (const to of emails) await s.delivery.enqueue(q, { ...base, channel: 'email', to, vars });
  if (contacts.mobilePhone && p.methods.mobilePhone.sms)
    await s.delivery.enqueue(q, { ...base, channel: 'sms', to: contacts.mobilePhone.value, vars });
  if (reason === 'reset' && isPrivileged(p, user) && p.notifications.adminsOnPrivilegedReset)
    for (const to of p.notifications.adminEmails)
      await s.delivery.enqueue(q, { ...base, kind: 'privileged_reset', channel: 'email', to, vars });
}
