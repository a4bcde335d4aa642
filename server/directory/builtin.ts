// The built-in directory: users, groups and Argon2id password hashes in Regain's own database.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../security/keyring.ts';
import { hashSecret, verifySecret } from '../security/passwords.ts';
import type { Db, Queryable } from '../store/db.ts';
import { canonicalUsername } from './canonical.ts';
import type { Directory, DirectoryUser } from './directory.ts';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  privileged: boolean;
  disabled: boolean;
  locked: boolean;
  groups: string[] | null;
}

// Nested groups: a user in a child group is a member of every ancestor.
const userSelect = `SELECT u.id, u.username, u.display_name, u.given_name, u.family_name, u.email, u.privileged,
  u.disabled, u.locked, ARRAY(
    WITH RECURSIVE g(id) AS (
      SELECT group_id FROM group_members WHERE user_id = u.id
      UNION SELECT n.parent_id FROM group_nesting n JOIN g ON n.child_id = g.id
    )
    SELECT name FROM groups WHERE id IN (SELECT id FROM g) ORDER BY name
  ) AS groups
  FROM users u`;

function toUser(r: UserRow): DirectoryUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    givenName: r.given_name ?? undefined,
    familyName: r.family_name ?? undefined,
    email: r.email ?? undefined,
    groups: r.groups ?? [],
    privileged: r.privileged,
    disabled: r.disabled,
    locked: r.locked,
  };
}

async function loadUser(
  q: Queryable,
  column: 'username' | 'id',
  value: string,
): Promise<DirectoryUser | null> {
  const rows = await q.query<UserRow>(`${userSelect} WHERE u.${column} = $1`, [value]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** The user row Regain stores (built-in users, or the shadow of an external directory's user), by id. */
export function storedUser(q: Queryable, id: string): Promise<DirectoryUser | null> {
  return loadUser(q, 'id', id);
}

export interface NewUser {
  username: string;
  displayName: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  password: string;
  privileged?: boolean;
  groups?: string[];
}

export class BuiltinDirectory implements Directory {
  readonly kind = 'builtin';
  readonly keepsHistory = true;

  constructor(
    private readonly db: Db,
    private readonly keys: Keyring,
    private readonly clock: Clock,
    private readonly historyCount: () => number = () => 5,
  ) {}

  findUser(canonical: string): Promise<DirectoryUser | null> {
    // PostgreSQL text cannot hold NUL: such a name belongs to nobody, rather than failing the query.
    if (canonical.includes('\u0000')) return Promise.resolve(null);
    return loadUser(this.db, 'username', canonical);
  }

  getUser(id: string): Promise<DirectoryUser | null> {
    return loadUser(this.db, 'id', id);
  }

  async verifyPassword(id: string, password: string): Promise<boolean> {
    const [row] = await this.db.query<{ password_hash: string | null }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [id],
    );
    if (!row?.password_hash) return false;
    const { ok, stale } = await verifySecret(this.keys, row.password_hash, password);
    if (stale)
      await this.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
        id,
        await hashSecret(this.keys, password),
      ]);
    return ok;
  }

  async setPassword(id: string, password: string, opts: { unlock: boolean }): Promise<void> {
    const hash = await hashSecret(this.keys, password);
    const at = new Date(this.clock.now());
    await this.db.tx(async (q) => {
      const [old] = await q.query<{ password_hash: string | null }>(
        'SELECT password_hash FROM users WHERE id = $1 FOR UPDATE',
        [id],
      );
      await q.query(
        'UPDATE users SET password_hash = $2, password_changed_at = $3, locked = locked AND NOT $4 WHERE id = $1',
        [id, hash, at, opts.unlock],
      );
      if (old?.password_hash)
        await q.query('INSERT INTO password_history (user_id, hash, created_at) VALUES ($1, $2, $3)', [
          id,
          old.password_hash,
          at,
        ]);
      await q.query(
        `DELETE FROM password_history WHERE user_id = $1 AND created_at NOT IN
           (SELECT created_at FROM password_history WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2)`,
        [id, Math.max(this.historyCount(), 1)],
      );
    });
  }

  async unlock(id: string): Promise<void> {
    await this.db.query('UPDATE users SET locked = false WHERE id = $1', [id]);
  }

  async inHistory(id: string, password: string): Promise<boolean> {
    const n = this.historyCount();
    if (n === 0) return false;
    // The current password counts as the most recent entry of the history.
    const rows = await this.db.query<{ hash: string }>(
      `(SELECT password_hash AS hash FROM users WHERE id = $1 AND password_hash IS NOT NULL)
       UNION ALL (SELECT hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2)`,
      [id, n - 1],
    );
    for (const r of rows) if ((await verifySecret(this.keys, r.hash, password)).ok) return true;
    return false;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Creates a user (CLI, seed); returns its id. */
  async addUser(u: NewUser): Promise<string> {
    const id = randomUUID();
    const hash = await hashSecret(this.keys, u.password);
    const at = new Date(this.clock.now());
    await this.db.tx(async (q) => {
      await q.query(
        `INSERT INTO users (id, username, display_name, given_name, family_name, email, privileged, password_hash, password_changed_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [
          id,
          canonicalUsername(u.username),
          u.displayName,
          u.givenName ?? null,
          u.familyName ?? null,
          u.email ?? null,
          u.privileged ?? false,
          hash,
          at,
        ],
      );
      for (const g of u.groups ?? []) {
        await q.query('INSERT INTO groups (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
          randomUUID(),
          g,
        ]);
        await q.query(
          'INSERT INTO group_members (group_id, user_id) SELECT id, $2 FROM groups WHERE name = $1',
          [g, id],
        );
      }
    });
    return id;
  }
}
