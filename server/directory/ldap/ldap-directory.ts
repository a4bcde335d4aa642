// The LDAP directory (OpenLDAP or Active Directory): lookup, bind to verify, password writeback, unlock, contact data.
import { readFileSync } from 'node:fs';
import { AndFilter, type Entry, EqualityFilter, type Filter, FilterParser } from 'ldapts';
import { canonicalUsername } from '../canonical.ts';
import {
  type Directory,
  DirectoryInvalidCredentialsError,
  DirectoryRejectedError,
  DirectoryUnavailableError,
  type DirectoryUser,
} from '../directory.ts';
import { adMode } from './ad.ts';
import {
  type ClientFactory,
  connectAndBind,
  defaultClientFactory,
  type LdapClient,
  resultCode,
  unavailable,
} from './connection.ts';
import { contactsFromEntry, type DirectoryContacts } from './contacts.ts';
import { bytes, text, texts } from './entry.ts';
import { fillUserFilter, guidFromText, guidToText, isUuidText } from './escape.ts';
import { resolveGroups } from './groups.ts';
import type { LdapConfig } from './ldap-config.ts';
import type { ModeOps, Warn } from './mode.ts';
import { openLdapMode } from './openldap.ts';

export type { DirectoryContacts } from './contacts.ts';

export interface LdapDirectoryOptions {
  /** Replaces the ldapts client (tests capture requests with it). */
  createClient?: ClientFactory;
  /** Told about a secondary step that failed after a password was written (e.g. the unlock). */
  warn?: Warn;
}

const invalidCredentials = 49;
// Longer typed names are not usernames; refusing them keeps filters small.
const maxUsernameLength = 256;

/**
 * Users and passwords in an LDAP directory. Every call opens its own connection (bound as the service account, or as
 * the user for verifyPassword) and closes it, so no connection state outlives a call and a server restart or
 * failover needs no recovery logic. Errors reaching the directory are DirectoryUnavailableError.
 */
export class LdapDirectory implements Directory {
  readonly kind = 'ldap';
  /** The directory enforces its own history (ppolicy pwdInHistory, AD through the policy-hints control). */
  readonly keepsHistory = false;
  private readonly ca: Buffer | undefined;
  private readonly bindPassword: string;
  private readonly mode: ModeOps;
  private readonly createClient: ClientFactory;
  private readonly warn: Warn;
  private readonly objectFilter: string;

  /** Reads tlsCaFile and bindPasswordFile now, so a wrong path fails at start rather than at the first reset. */
  constructor(
    private readonly config: LdapConfig,
    opts: LdapDirectoryOptions = {},
  ) {
    this.ca = config.tlsCaFile ? readFileSync(config.tlsCaFile) : undefined;
    this.bindPassword = config.bindPassword ?? readFileSync(config.bindPasswordFile ?? '', 'utf8').trim();
    this.mode = config.mode === 'ad' ? adMode : openLdapMode;
    this.createClient = opts.createClient ?? defaultClientFactory;
    this.warn = opts.warn ?? (() => {});
    this.objectFilter = config.userObjectFilter;
  }

  async findUser(canonical: string): Promise<DirectoryUser | null> {
    return (await this.findUserWithContacts(canonical))?.user ?? null;
  }

  async getUser(id: string): Promise<DirectoryUser | null> {
    return (await this.getUserWithContacts(id))?.user ?? null;
  }

  /** findUser plus the contact data of the same entry, read in the same search. */
  async findUserWithContacts(
    canonical: string,
  ): Promise<{ user: DirectoryUser; contacts: DirectoryContacts } | null> {
    if (!canonical || canonical.length > maxUsernameLength) return null;
    return this.session('user lookup', async (c) => {
      const e = await this.lookup(c, fillUserFilter(this.config.userFilter, canonical));
      return e ? this.describe(c, e) : null;
    });
  }

  /** getUser plus the contact data of the same entry, read in the same search. */
  async getUserWithContacts(
    id: string,
  ): Promise<{ user: DirectoryUser; contacts: DirectoryContacts } | null> {
    const filter = this.idFilter(id);
    if (!filter) return null;
    return this.session('user lookup', async (c) => {
      const e = await this.lookup(c, filter);
      return e ? this.describe(c, e) : null;
    });
  }

  /**
   * The contact data the directory holds for a user (mobile, office phone in E.164; the alternate email when an
   * attribute is configured); empty when the user is unknown. Regain shows these as source 'directory'.
   */
  async contactsOf(id: string): Promise<DirectoryContacts> {
    const filter = this.idFilter(id);
    if (!filter) return {};
    return this.session('contact lookup', async (c) => {
      const e = await this.lookup(c, filter);
      return e ? contactsFromEntry(e, this.config) : {};
    });
  }

  /**
   * Binds as the user. In AD mode a bind refused only because the right password expired or must be changed at next
   * logon (sub-codes 532, 773) also answers true, so the user can still change it (changePassword handles that case).
   */
  async verifyPassword(id: string, password: string): Promise<boolean> {
    // An empty password would be an unauthenticated bind (RFC 4513 §5.1.2), which some servers accept.
    if (!password) return false;
    const filter = this.idFilter(id);
    if (!filter) return false;
    const entry = await this.session('user lookup', (c) => this.lookup(c, filter));
    if (!entry) return false;
    let c: LdapClient;
    try {
      c = await connectAndBind(this.config, this.ca, this.createClient, entry.dn, password);
    } catch (err) {
      // Wrong password, locked or disabled account (AD says which in the diagnostic, all code 49): no match,
      // unless AD says the password matched but expired.
      if (resultCode(err) === invalidCredentials) return this.mode.expiredBind(err);
      throw unavailable(err, 'user bind');
    }
    await c.unbind().catch(() => {});
    return true;
  }

  async setPassword(id: string, password: string, opts: { unlock: boolean }): Promise<void> {
    if (!password) throw new DirectoryRejectedError('The password is empty.');
    const filter = this.idFilter(id);
    if (!filter) throw new DirectoryRejectedError('The account was not found in the directory.');
    await this.session('password write', async (c) => {
      const e = await this.lookup(c, filter);
      if (!e) throw new DirectoryRejectedError('The account was not found in the directory.');
      await this.mode.setPassword(c, e, password, opts.unlock, this.warn);
    });
  }

  /**
   * A user's own change, bound as the user: AD deletes the current unicodePwd and adds the new one, OpenLDAP sends
   * Password Modify with oldPasswd, so the directory applies history and minimum age as for any user change. An AD
   * password that expired (532, 773) cannot bind; the same delete-and-add then goes over the service account's
   * connection, where AD still checks the current password and applies the user rules (Change Password right).
   */
  async changePassword(id: string, current: string, next: string): Promise<void> {
    if (!current) throw new DirectoryInvalidCredentialsError();
    if (!next) throw new DirectoryRejectedError('The password is empty.');
    const filter = this.idFilter(id);
    if (!filter) throw new DirectoryInvalidCredentialsError();
    const entry = await this.session('user lookup', (c) => this.lookup(c, filter));
    if (!entry) throw new DirectoryInvalidCredentialsError();
    let c: LdapClient;
    try {
      c = await connectAndBind(this.config, this.ca, this.createClient, entry.dn, current);
    } catch (err) {
      if (resultCode(err) !== invalidCredentials) throw unavailable(err, 'user bind');
      if (!this.mode.expiredBind(err)) throw new DirectoryInvalidCredentialsError();
      await this.session('password change', (s) => this.mode.changePassword(s, entry, current, next));
      return;
    }
    try {
      await this.mode.changePassword(c, entry, current, next);
    } catch (err) {
      throw unavailable(err, 'password change');
    } finally {
      await c.unbind().catch(() => {});
    }
  }

  async unlock(id: string): Promise<void> {
    const filter = this.idFilter(id);
    if (!filter) return;
    await this.session('unlock', async (c) => {
      const e = await this.lookup(c, filter);
      if (e) await this.mode.unlock(c, e);
    });
  }

  /** Always false: the directory checks its own history when the password is written. */
  async inHistory(_id: string, _password: string): Promise<boolean> {
    return false;
  }

  /** Binds as the service account and reads the root DSE. */
  async ping(): Promise<void> {
    await this.session('ping', async (c) => {
      await c.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['supportedLDAPVersion'] });
    });
  }

  private async session<T>(what: string, fn: (c: LdapClient) => Promise<T>): Promise<T> {
    let c: LdapClient;
    try {
      c = await connectAndBind(
        this.config,
        this.ca,
        this.createClient,
        this.config.bindDn,
        this.bindPassword,
      );
    } catch (err) {
      throw err instanceof DirectoryUnavailableError ? err : unavailable(err, 'service account bind');
    }
    try {
      return await fn(c);
    } catch (err) {
      throw unavailable(err, what);
    } finally {
      await c.unbind().catch(() => {});
    }
  }

  /** The search filter for one id, or undefined when the id cannot be one of this directory's. */
  private idFilter(id: string): Filter | undefined {
    const attr = this.config.attributes.id;
    let value: string | Buffer | undefined;
    if (attr === 'objectGUID')
      // Sent as the 16 raw bytes (what the binary-escaped form \xx\xx… stands for), not as text.
      value = guidFromText(id);
    else value = isUuidText(id) ? id.toLowerCase() : undefined;
    if (value === undefined) return undefined;
    return new AndFilter({
      filters: [FilterParser.parseString(this.objectFilter), new EqualityFilter({ attribute: attr, value })],
    });
  }

  private idOf(e: Entry): string | undefined {
    const attr = this.config.attributes.id;
    if (attr === 'objectGUID') {
      const b = bytes(e, attr);
      return b ? guidToText(b) : undefined;
    }
    const v = text(e, attr)?.toLowerCase();
    return v && isUuidText(v) ? v : undefined;
  }

  private attributes(): string[] {
    const a = this.config.attributes;
    const list = [
      a.id,
      a.username,
      a.displayName,
      'cn',
      a.givenName,
      a.familyName,
      a.email,
      a.mobilePhone,
      a.officePhone,
      ...(a.alternateEmail ? [a.alternateEmail] : []),
      ...(this.config.groups.strategy === 'memberOf' ? ['memberOf'] : []),
      ...this.mode.stateAttributes,
    ];
    return [...new Set(list)];
  }

  /** The one entry matching, or undefined for none or several (an ambiguous name never picks an account). */
  private async lookup(c: LdapClient, filter: string | Filter): Promise<Entry | undefined> {
    const r = await c.search(this.config.baseDn, {
      scope: 'sub',
      filter,
      attributes: this.attributes(),
      explicitBufferAttributes: this.config.attributes.id === 'objectGUID' ? ['objectGUID'] : [],
      sizeLimit: 2,
    });
    return r.searchEntries.length === 1 ? r.searchEntries[0] : undefined;
  }

  private async describe(
    c: LdapClient,
    e: Entry,
  ): Promise<{ user: DirectoryUser; contacts: DirectoryContacts } | null> {
    const id = this.idOf(e);
    if (!id) return null;
    const a = this.config.attributes;
    const groups = await resolveGroups(c, this.config, e.dn, texts(e, 'memberOf'));
    const privilegedGroups = new Set(this.config.privilegedGroups.map((g) => g.toLowerCase()));
    const state = this.mode.state(e);
    const username = canonicalUsername(text(e, a.username) ?? id);
    return {
      user: {
        id,
        username,
        displayName: text(e, a.displayName) ?? text(e, 'cn') ?? username,
        givenName: text(e, a.givenName),
        familyName: text(e, a.familyName),
        email: text(e, a.email),
        groups,
        privileged: state.privileged || groups.some((g) => privilegedGroups.has(g.toLowerCase())),
        disabled: state.disabled,
        locked: state.locked,
      },
      contacts: contactsFromEntry(e, this.config),
    };
  }
}
