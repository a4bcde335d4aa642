// Active Directory specifics: unicodePwd with the policy-hints control, lockoutTime, userAccountControl, adminCount.
import { Attribute, Change, type Entry } from 'ldapts';
import { DirectoryInvalidCredentialsError, DirectoryRejectedError } from '../directory.ts';
import { diagnostic, type LdapClient, resultCode, unavailable } from './connection.ts';
import { PolicyHintsControl, unicodePwd } from './controls.ts';
import { text } from './entry.ts';
import type { AccountState, ModeOps, Warn } from './mode.ts';

const accountDisable = 0x2;
const constraintViolation = 19;

function lockedOut(entry: Entry): boolean {
  const t = text(entry, 'lockoutTime');
  return t !== undefined && /^\d+$/.test(t) && BigInt(t) > 0n;
}

/** What the user is told when AD refuses a password; its diagnostics are codes, not sentences. */
export function adRejectionReason(diag: string): string {
  if (/\b0000052D\b/i.test(diag))
    return "The password does not meet the domain's password policy (length, complexity, history or minimum age).";
  return diag || 'The directory refused the password under its policy.';
}

/** The sub-code of an AD bind failure ("…AcceptSecurityContext error, data 532, v4563" → '532'), lower case. */
export function adBindSubcode(diag: string): string | undefined {
  return /\bdata ([0-9a-f]+)\b/i.exec(diag)?.[1]?.toLowerCase();
}

// 532: the password expired; 773: the user must change it at next logon. Both only after the password matched.
const expiredSubcodes = new Set(['532', '773']);

/** Whether an AD bind failed only because the (right) password expired or must be changed at next logon. */
export function adPasswordExpired(diag: string): boolean {
  const code = adBindSubcode(diag);
  return code !== undefined && expiredSubcodes.has(code);
}

/**
 * The modify request of a user's own change: unicodePwd's current value deleted and the new one added in one
 * request. AD checks the deleted value against the current password and applies history and minimum age.
 */
export function adUserPasswordChange(current: string, next: string): Change[] {
  return [
    new Change({
      operation: 'delete',
      modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(current)] }),
    }),
    new Change({
      operation: 'add',
      modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(next)] }),
    }),
  ];
}

/** The modify request that sets a password: unicodePwd replaced, history enforced through the policy-hints control. */
export function adPasswordChange(password: string): { changes: Change[]; controls: PolicyHintsControl[] } {
  return {
    changes: [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(password)] }),
      }),
    ],
    controls: [new PolicyHintsControl()],
  };
}

function clearLockout(c: LdapClient, dn: string): Promise<void> {
  return c.modify(
    dn,
    new Change({ operation: 'replace', modification: new Attribute({ type: 'lockoutTime', values: ['0'] }) }),
  );
}

export const adMode: ModeOps = {
  stateAttributes: ['userAccountControl', 'lockoutTime', 'adminCount'],

  state(entry: Entry): AccountState {
    const uac = Number.parseInt(text(entry, 'userAccountControl') ?? '0', 10) || 0;
    return {
      disabled: (uac & accountDisable) !== 0,
      locked: lockedOut(entry),
      privileged: text(entry, 'adminCount') === '1',
    };
  },

  async setPassword(
    c: LdapClient,
    entry: Entry,
    password: string,
    unlock: boolean,
    warn: Warn,
  ): Promise<void> {
    if (adMode.state(entry).disabled)
      throw new DirectoryRejectedError('The account is disabled in the directory.');
    const { changes, controls } = adPasswordChange(password);
    try {
      await c.modify(entry.dn, changes, controls);
    } catch (err) {
      if (resultCode(err) === constraintViolation)
        throw new DirectoryRejectedError(adRejectionReason(diagnostic(err)));
      throw unavailable(err, 'unicodePwd modify');
    }
    if (unlock && lockedOut(entry))
      await clearLockout(c, entry.dn).catch((err) => warn('password written; unlock failed', err));
  },

  async changePassword(c: LdapClient, entry: Entry, current: string, next: string): Promise<void> {
    if (adMode.state(entry).disabled)
      throw new DirectoryRejectedError('The account is disabled in the directory.');
    try {
      await c.modify(entry.dn, adUserPasswordChange(current, next));
    } catch (err) {
      if (resultCode(err) === constraintViolation) {
        const diag = diagnostic(err);
        // 00000056 (ERROR_INVALID_PASSWORD): the deleted value is not the current password.
        if (/\b00000056\b/.test(diag)) throw new DirectoryInvalidCredentialsError();
        throw new DirectoryRejectedError(adRejectionReason(diag));
      }
      throw unavailable(err, 'unicodePwd change');
    }
  },

  expiredBind(err: unknown): boolean {
    return adPasswordExpired(diagnostic(err));
  },

  async unlock(c: LdapClient, entry: Entry): Promise<void> {
    if (!lockedOut(entry) || adMode.state(entry).disabled) return;
    await clearLockout(c, entry.dn);
  },
};
