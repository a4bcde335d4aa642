// The console's users: search by name prefix, a user's page (methods masked as the user sees them), unblocking.

import { adminView } from '../admin/users.ts';
import { audit } from '../audit/audit.ts';
import { maskEmail, maskPhone } from '../delivery/mask.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { endOpenSessions } from '../flows/after-password-change.ts';
import type { Services } from '../services.ts';

const pageSize = 25;

/** `%`, `_` and `\` are plain characters in a typed prefix. */
const likePrefix = (q: string) => `${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export async function searchUsers(s: Services, q: string, after: string | undefined) {
  const rows = await s.db.query<{
    username: string;
    display_name: string;
    privileged: boolean;
    disabled: boolean;
  }>(
    `SELECT username, display_name, privileged, disabled FROM users
     WHERE (lower(username) LIKE $1 OR lower(display_name) LIKE $1) AND username > $2
     ORDER BY username LIMIT ${pageSize + 1}`,
    [likePrefix(q.trim()), after ?? ''],
  );
  const page = rows.slice(0, pageSize);
  return {
    users: page.map((r) => ({
      username: r.username,
      displayName: r.display_name,
      privileged: r.privileged,
      disabled: r.disabled,
    })),
    next: rows.length > pageSize ? page.at(-1)!.username : null,
  };
}

/** What a block's throttle key says, in words: `fail:u:…:mobilePhone` is the mobile phone's failed codes. */
function blockName(key: string): string {
  const method = key.split(':').at(-1);
  if (key.startsWith('acct:')) return 'password attempts';
  if (key.startsWith('regfail:')) return `registration codes (${method})`;
  return `${method} (failed codes, proofs or answers)`;
}

export async function userPage(s: Services, user: DirectoryUser) {
  const view = await adminView(s, user);
  const now = s.clock.now();
  const blocks = await s.db.query<{ key: string; blocked_until: Date }>(
    `SELECT key, blocked_until FROM throttles WHERE subject = $1 AND blocked_until > $2 ORDER BY key`,
    [`u:${user.id}`, new Date(now)],
  );
  const events = await s.db.query<{
    at: Date;
    kind: string;
    result: string;
    detail: string;
    method: string | null;
    actor: string | null;
  }>(
    'SELECT at, kind, result, detail, method, actor FROM audit WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT 20',
    [user.id],
  );
  return {
    user: {
      username: view.username,
      displayName: view.displayName,
      privileged: view.privileged,
      disabled: view.disabled,
      locked: view.locked,
    },
    configured: view.configured,
    methods: view.contact.map((m) => ({
      id: m.id,
      hint: m.id === 'alternateEmail' ? maskEmail(m.value) : maskPhone(m.value),
      source: m.source,
      verifiedAt: m.verifiedAt,
      usableForResetAt: m.usableForResetAt,
    })),
    questionsRegistered: view.questionsRegistered,
    blocks: blocks.map((b) => ({ what: blockName(b.key), until: b.blocked_until.toISOString() })),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

/** Ends what a user has open (see `endOpenSessions`), audited with the human who did it. */
export async function revokeOpen(s: Services, user: DirectoryUser, actor: string): Promise<void> {
  const now = new Date(s.clock.now());
  await s.db.tx(async (q) => {
    await endOpenSessions(q, user.id, now);
    await audit(q, {
      at: now.getTime(),
      kind: 'admin',
      result: 'succeeded',
      detail: 'sessions_revoked',
      actor,
      userId: user.id,
    });
  });
}
