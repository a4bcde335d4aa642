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

/** The directory could not be reached; nothing changed and the caller may retry. */
export class DirectoryUnavailableError extends Error {}

export interface Directory {
  readonly kind: 'builtin' | 'ldap' | 'http';
  /** Keeps a password history Regain can check (only the built-in directory does). */
  readonly keepsHistory: boolean;
  findUser(canonical: string): Promise<DirectoryUser | null>;
  getUser(id: string): Promise<DirectoryUser | null>;
  verifyPassword(id: string, password: string): Promise<boolean>;
  /** Sets a new password, unlocking when asked; throws DirectoryRejectedError or DirectoryUnavailableError. */
  setPassword(id: string, password: string, opts: { unlock: boolean }): Promise<void>;
  unlock(id: string): Promise<void>;
  inHistory(id: string, password: string): Promise<boolean>;
  ping(): Promise<void>;
}
