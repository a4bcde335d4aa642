// The Directory interface: where users and passwords live (built-in now; LDAP and HTTP connectors later).

export interface DirectoryUser {
  /** Immutable id (built-in uuid, entryUUID, objectGUID); counters and flows key on it. */
  id: string;
  username: string;
  displayName: string;
  givenName?: string | undefined;
  familyName?: string | undefined;
  /** Primary address, told about changes. */
  email?: string | undefined;
  groups: string[];
  privileged: boolean;
  disabled: boolean;
  locked: boolean;
}

/** Contact data a directory holds for a user, normalized as Regain stores contact data. */
export interface DirectoryContacts {
  alternateEmail?: string;
  /** E.164. */
  mobilePhone?: string;
  /** E.164. */
  officePhone?: string;
}

/** The directory refused the password under its own policy; nothing changed. */
export class DirectoryRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * A user's own change was refused because the current password is wrong (or the account cannot sign in with it);
 * nothing changed. A DirectoryRejectedError too, with reason 'invalid_credentials', for callers that know no better.
 */
export class DirectoryInvalidCredentialsError extends DirectoryRejectedError {
  constructor() {
    super('invalid_credentials');
  }
}

/** The directory could not be reached; nothing changed and the caller may retry. */
export class DirectoryUnavailableError extends Error {}

export interface Directory {
  readonly kind: 'builtin' | 'ldap' | 'http';
  /** Keeps a password history Regain can check (only the built-in directory does). */
  readonly keepsHistory: boolean;
  findUser(canonical: string): Promise<DirectoryUser | null>;
  getUser(id: string): Promise<DirectoryUser | null>;
  /**
   * Whether the password is the user's current one. An LDAP directory in AD mode also answers true when the bind
   * fails only because that password expired or must be changed at next logon (AD sub-codes 532, 773): the password is
   * right, and the user may still change it.
   */
  verifyPassword(id: string, password: string): Promise<boolean>;
  /** Sets a new password, unlocking when asked; throws DirectoryRejectedError or DirectoryUnavailableError. */
  setPassword(id: string, password: string, opts: { unlock: boolean }): Promise<void>;
  /**
   * A user's own change, made as the user so that the directory applies the rules for users (history, minimum age)
   * and checks the current password itself. Optional: without it, callers verify and then setPassword. Throws
   * DirectoryInvalidCredentialsError for a wrong current password, DirectoryRejectedError with the directory's reason
   * for a refused new one, DirectoryUnavailableError when the directory cannot be reached.
   */
  changePassword?(id: string, current: string, next: string): Promise<void>;
  unlock(id: string): Promise<void>;
  inHistory(id: string, password: string): Promise<boolean>;
  ping(): Promise<void>;
}
