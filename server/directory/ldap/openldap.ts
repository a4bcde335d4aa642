// OpenLDAP specifics: Password Modify as the service account so ppolicy checks apply; ppolicy lockouts and admin locks.
import { Attribute, Change, type Entry } from 'ldapts';
import { DirectoryInvalidCredentialsError, DirectoryRejectedError } from '../directory.ts';
import { diagnostic, type LdapClient, resultCode, unavailable } from './connection.ts';
import { passwordModifyOid, passwordModifyRequest } from './controls.ts';
import { text } from './entry.ts';
import type { AccountState, ModeOps, Warn } from './mode.ts';

/** pwdAccountLockedTime value meaning "locked by an administrator": only an administrator unlocks it. */
export const adminLockTime = '000001010000Z';
const lockAttribute = 'pwdAccountLockedTime';

const noSuchAttribute = 16;
const constraintViolation = 19;
const invalidCredentials = 49;
const insufficientAccess = 50;
const unwillingToPerform = 53;

function removeLock(c: LdapClient, dn: string): Promise<void> {
  // ppolicy removes pwdFailureTime along with the lock, so the next failed bind does not lock again at once.
  return c
    .modify(dn, new Change({ operation: 'delete', modification: new Attribute({ type: lockAttribute }) }))
    .catch((err: unknown) => {
      if (resultCode(err) !== noSuchAttribute) throw err;
    });
}

export const openLdapMode: ModeOps = {
  stateAttributes: [lockAttribute],

  state(entry: Entry): AccountState {
    const lockedAt = text(entry, lockAttribute);
    const disabled = lockedAt === adminLockTime;
    return { disabled, locked: lockedAt !== undefined && !disabled, privileged: false };
  },

  async setPassword(
    c: LdapClient,
    entry: Entry,
    password: string,
    unlock: boolean,
    warn: Warn,
  ): Promise<void> {
    const lockedAt = text(entry, lockAttribute);
    // A password change clears pwdAccountLockedTime in ppolicy, administrator's lock included: refuse instead.
    if (lockedAt === adminLockTime)
      throw new DirectoryRejectedError('The account is disabled in the directory.');
    try {
      // Performed as the service account, which has write (not manage) access to userPassword: ppolicy then
      // checks quality, length and history as for any change and answers constraintViolation with its reason.
      await c.exop(passwordModifyOid, passwordModifyRequest(entry.dn, password));
    } catch (err) {
      if (resultCode(err) === constraintViolation)
        throw new DirectoryRejectedError(
          diagnostic(err) || 'The directory refused the password under its policy.',
        );
      throw unavailable(err, 'password modify');
    }
    if (lockedAt === undefined) return;
    try {
      if (unlock) await removeLock(c, entry.dn);
      // ppolicy lifted the lockout with the change; put it back, the caller did not ask for an unlock.
      else
        await c.modify(
          entry.dn,
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: lockAttribute, values: [lockedAt] }),
          }),
        );
    } catch (err) {
      warn(
        unlock ? 'password written; unlock failed' : 'password written; restoring the lockout failed',
        err,
      );
    }
  },

  async changePassword(c: LdapClient, entry: Entry, current: string, next: string): Promise<void> {
    try {
      // Bound as the user, with oldPasswd: ppolicy applies the user rules (quality, history, pwdMinAge).
      await c.exop(passwordModifyOid, passwordModifyRequest(entry.dn, next, current));
    } catch (err) {
      const code = resultCode(err);
      // slapd answers a wrong oldPasswd with unwillingToPerform ("unwilling to verify old password").
      if (
        code === invalidCredentials ||
        (code === unwillingToPerform && /old password/i.test(diagnostic(err)))
      )
        throw new DirectoryInvalidCredentialsError();
      if (code === constraintViolation)
        throw new DirectoryRejectedError(
          diagnostic(err) || 'The directory refused the password under its policy.',
        );
      if (code === insufficientAccess)
        throw new DirectoryRejectedError('The directory does not let users change their own password.');
      throw unavailable(err, 'password modify');
    }
  },

  // ppolicy lets an expired password bind during grace logins, and refuses it like a wrong one afterwards.
  expiredBind(): boolean {
    return false;
  },

  async unlock(c: LdapClient, entry: Entry): Promise<void> {
    const lockedAt = text(entry, lockAttribute);
    if (lockedAt === undefined || lockedAt === adminLockTime) return;
    await removeLock(c, entry.dn);
  },
};
