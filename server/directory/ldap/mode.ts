// What differs between OpenLDAP and Active Directory: account state attributes, password writes, unlocking.
import type { Entry } from 'ldapts';
import type { LdapClient } from './connection.ts';

export interface AccountState {
  locked: boolean;
  disabled: boolean;
  /** Privileged by the directory's own marker (AD adminCount=1); configured groups are added by the caller. */
  privileged: boolean;
}

/** Reports a secondary step that failed after the password was written (the write itself stands). */
export type Warn = (message: string, err: unknown) => void;

export interface ModeOps {
  /** Attributes read with every user entry for state(). */
  readonly stateAttributes: readonly string[];
  state(entry: Entry): AccountState;
  /** Writes the password under the directory's own policy; throws DirectoryRejectedError or DirectoryUnavailableError. */
  setPassword(c: LdapClient, entry: Entry, password: string, unlock: boolean, warn: Warn): Promise<void>;
  /**
   * A user's own change over `c` (bound as the user, or as the service account when expiredBind said the user
   * cannot bind); the directory checks `current`. Throws DirectoryInvalidCredentialsError, DirectoryRejectedError or
   * the client's error.
   */
  changePassword(c: LdapClient, entry: Entry, current: string, next: string): Promise<void>;
  /** Whether a failed user bind (invalidCredentials) failed only because the right password expired. */
  expiredBind(err: unknown): boolean;
  /** Clears a lockout; leaves an administrator's lock or a disabled account alone. */
  unlock(c: LdapClient, entry: Entry): Promise<void>;
}
