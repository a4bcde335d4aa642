// Regain's rows for foreign directory users (LDAP, HTTP): a shadow users row (for foreign keys) and directory contact data.
import { contactMethodIds as methods } from '../../../api/methods.ts';
import type { Clock } from '../../clock.ts';
import { nobody } from '../../policy/auth-data.ts';
import type { Db, Queryable } from '../../store/db.ts';
import type { Directory, DirectoryContacts, DirectoryUser } from '../directory.ts';

/** A directory that lives outside Regain and can hand over a user's contact data with the user (LDAP, HTTP). */
export interface ContactDirectory extends Directory {
  findUserWithContacts(
    canonical: string,
  ): Promise<{ user: DirectoryUser; contacts: DirectoryContacts } | null>;
  contactsOf(id: string): Promise<DirectoryContacts>;
}

/**
 * Brings the shadow row and the 'directory' contact rows of one user in line with the directory. Rows that did not
 * change are not rewritten. A shadow row still holding this username under another id (the account was renamed or
 * replaced in the directory) gives the name up, so the unique username never blocks the current account.
 */
export async function syncDirectoryUser(
  q: Queryable,
  user: DirectoryUser,
  contacts: DirectoryContacts,
  at: Date,
): Promise<void> {
  await q.query(`UPDATE users SET username = 'stale:' || id::text WHERE username = $1 AND id <> $2`, [
    user.username,
    user.id,
  ]);
  await q.query(
    `INSERT INTO users (id, username, display_name, given_name, family_name, email, privileged, disabled, locked,
       password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10)
     ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, display_name = EXCLUDED.display_name,
       given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, email = EXCLUDED.email,
       privileged = EXCLUDED.privileged, disabled = EXCLUDED.disabled, locked = EXCLUDED.locked
     WHERE (users.username, users.display_name, users.given_name, users.family_name, users.email, users.privileged,
       users.disabled, users.locked) IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.display_name, EXCLUDED.given_name,
       EXCLUDED.family_name, EXCLUDED.email, EXCLUDED.privileged, EXCLUDED.disabled, EXCLUDED.locked)`,
    [
      user.id,
      user.username,
      user.displayName,
      user.givenName ?? null,
      user.familyName ?? null,
      user.email ?? null,
      user.privileged,
      user.disabled,
      user.locked,
      at,
    ],
  );
  for (const method of methods) {
    const value = contacts[method];
    if (value === undefined)
      await q.query(
        `DELETE FROM contact_methods WHERE user_id = $1 AND method = $2 AND source = 'directory'`,
        [user.id, method],
      );
    // Directory data counts as given, like admin data: no verification, usable at once (loadAuthData).
    else
      await q.query(
        `INSERT INTO contact_methods (user_id, method, source, value, verified_at, usable_for_reset_at, updated_at)
         VALUES ($1, $2, 'directory', $3, NULL, NULL, $4)
         ON CONFLICT (user_id, method, source) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
         WHERE contact_methods.value <> EXCLUDED.value`,
        [user.id, method, value, at],
      );
  }
}

// An unknown name runs statements of the same shapes against the nil id, so a miss costs the database what a hit
// does (the security model's "same work" for every username).
async function syncNobody(q: Queryable, at: Date): Promise<void> {
  await q.query(`UPDATE users SET username = 'stale:' || id::text WHERE username = $1 AND id <> $2`, [
    nobody,
    nobody,
  ]);
  await q.query('UPDATE users SET created_at = $2 WHERE id = $1', [nobody, at]);
  for (const method of methods)
    await q.query(`DELETE FROM contact_methods WHERE user_id = $1 AND method = $2 AND source = 'directory'`, [
      nobody,
      method,
    ]);
}

/**
 * A foreign directory as the service uses it: findUser also refreshes the user's shadow row and directory contact
 * data, so flows, throttles and loadAuthData work on its users unchanged. Everything else is the directory's own.
 */
export class ShadowedDirectory implements Directory {
  readonly kind: Directory['kind'];
  readonly keepsHistory = false;

  constructor(
    readonly inner: ContactDirectory,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.kind = inner.kind;
  }

  async findUser(canonical: string): Promise<DirectoryUser | null> {
    const found = await this.inner.findUserWithContacts(canonical);
    const at = new Date(this.clock.now());
    await this.db.tx((q) =>
      found ? syncDirectoryUser(q, found.user, found.contacts, at) : syncNobody(q, at),
    );
    return found?.user ?? null;
  }

  getUser(id: string): Promise<DirectoryUser | null> {
    return this.inner.getUser(id);
  }

  verifyPassword(id: string, password: string): Promise<boolean> {
    return this.inner.verifyPassword(id, password);
  }

  setPassword(id: string, password: string, opts: { unlock: boolean }): Promise<void> {
    return this.inner.setPassword(id, password, opts);
  }

  unlock(id: string): Promise<void> {
    return this.inner.unlock(id);
  }

  /** The inner directory's own change, when it has one; undefined otherwise, so callers fall back to setPassword. */
  get changePassword(): ((id: string, current: string, next: string) => Promise<void>) | undefined {
    const change = this.inner.changePassword;
    return change ? (id, current, next) => change.call(this.inner, id, current, next) : undefined;
  }

  inHistory(id: string, password: string): Promise<boolean> {
    return this.inner.inHistory(id, password);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  contactsOf(id: string): Promise<DirectoryContacts> {
    return this.inner.contactsOf(id);
  }
}

/** The name the LDAP wiring and its tests know; the same class. */
export class ShadowedLdapDirectory extends ShadowedDirectory {}
