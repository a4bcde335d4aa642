// Settings of the LDAP directory (OpenLDAP or Active Directory): connection, TLS, service account, filters, attributes.
import { FilterParser } from 'ldapts';
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { fillUserFilter } from './escape.ts';

export type LdapMode = 'openldap' | 'ad';
export type GroupStrategy = 'memberOf' | 'search' | 'inChain';

const loopbackHost = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

/** Whether an LDAP URL's host is this machine, where a plain connection never crosses a network. */
export function isLoopbackHost(hostname: string): boolean {
  return loopbackHost.test(hostname.replace(/^\[(.*)\]$/, '$1'));
}

// In a filter string every raw parenthesis is structure (values carry them as \28 and \29), so counting is exact.
function balanced(filter: string): boolean {
  if (!filter.startsWith('(') || !filter.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < filter.length; i++) {
    if (filter[i] === '(') depth++;
    else if (filter[i] === ')') depth--;
    // The outermost parenthesis may close only at the very end: "(a=1)(b=2)" is two filters.
    if (depth < 0 || (depth === 0 && i < filter.length - 1)) return false;
  }
  return depth === 0;
}

function parsesAsFilter(filter: string): boolean {
  // ldapts's parser forgives a missing final parenthesis; the server might not, so be strict here.
  if (!balanced(filter)) return false;
  try {
    FilterParser.parseString(filter);
    return true;
  } catch {
    return false;
  }
}

const filter = z
  .string()
  .trim()
  .min(3)
  .refine(parsesAsFilter, 'must be a valid LDAP filter like (objectClass=person)');
const attributeName = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an attribute name');
const dn = z.string().trim().min(1);

const attributesSchema = z.strictObject({
  /** The immutable id every counter and flow keys on. */
  id: z.enum(['entryUUID', 'objectGUID']).optional(),
  username: attributeName.optional(),
  displayName: attributeName.optional(),
  givenName: attributeName.optional(),
  familyName: attributeName.optional(),
  /** The primary address, told about changes. */
  email: attributeName.optional(),
  mobilePhone: attributeName.optional(),
  officePhone: attributeName.optional(),
  /** An address other than the primary one, e.g. otherMailbox; not read unless set. */
  alternateEmail: attributeName.optional(),
});

const groupsSchema = z.strictObject({
  /**
   * memberOf: the user's memberOf values, then each group's own (OpenLDAP memberof overlay, AD);
   * search: groups whose member attribute names the user, level by level (any server);
   * inChain: one AD search with LDAP_MATCHING_RULE_IN_CHAIN.
   */
  strategy: z.enum(['memberOf', 'search', 'inChain']).optional(),
  baseDn: dn.optional(),
  filter: filter.optional(),
  memberAttribute: attributeName.optional(),
  nameAttribute: attributeName.optional(),
  maxDepth: z.number().int().min(1).max(32).optional(),
});

export const ldapConfigSchema = z
  .strictObject({
    mode: z.enum(['openldap', 'ad']),
    /** One URL or several tried in order (failover), ldap:// or ldaps://, no path. */
    url: z.union([z.string(), z.array(z.string()).min(1)]),
    /** Upgrade ldap:// connections with StartTLS before anything else is sent. */
    startTls: z.boolean().default(false),
    /** PEM file of the CA(s) the server's certificate must chain to; the system store when absent. */
    tlsCaFile: z.string().min(1).optional(),
    /** Name the certificate must carry when it differs from the URL's host. */
    tlsServerName: z.string().min(1).optional(),
    bindDn: dn,
    bindPassword: z.string().min(1).optional(),
    bindPasswordFile: z.string().min(1).optional(),
    baseDn: dn,
    /** Finds a user by canonical username; `{username}` is replaced by the RFC 4515-escaped name. */
    userFilter: z.string().trim().optional(),
    /** What every user entry matches; getUser combines it with the id. */
    userObjectFilter: filter.optional(),
    attributes: attributesSchema.prefault({}),
    groups: groupsSchema.prefault({}),
    /** Group names (cn, nested membership counts) whose members are privileged. */
    privilegedGroups: z.array(z.string().min(1)).default([]),
    /** Region for phone numbers the directory holds in national form, e.g. "US"; else only +E.164 is read. */
    phoneRegion: z
      .string()
      .refine(isSupportedCountry, 'must be an ISO 3166-1 alpha-2 code like US')
      .transform((s) => s as CountryCode)
      .optional(),
    connectTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .superRefine((c, ctx) => {
    const urls = Array.isArray(c.url) ? c.url : [c.url];
    urls.forEach((raw, i) => {
      const path = Array.isArray(c.url) ? ['url', i] : ['url'];
      let u: URL;
      try {
        u = new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', path, message: `${raw} is not a URL` });
        return;
      }
      if (u.protocol !== 'ldap:' && u.protocol !== 'ldaps:') {
        ctx.addIssue({ code: 'custom', path, message: 'must be an ldap:// or ldaps:// URL' });
        return;
      }
      if ((u.pathname !== '' && u.pathname !== '/') || u.search || u.hash || u.username || u.password)
        ctx.addIssue({ code: 'custom', path, message: 'must be scheme, host and port only' });
      const encrypted = u.protocol === 'ldaps:' || c.startTls;
      // Binds and writes carry passwords; in clear text they may only stay on this machine.
      if (!encrypted && !isLoopbackHost(u.hostname))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `plain ldap:// to ${u.hostname} would send passwords in clear text: use ldaps:// or startTls`,
        });
      if (!encrypted && c.mode === 'ad')
        ctx.addIssue({
          code: 'custom',
          path,
          message:
            'Active Directory sets passwords only over an encrypted connection: use ldaps:// or startTls',
        });
    });
    if ((c.bindPassword === undefined) === (c.bindPasswordFile === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['bindPassword'],
        message: 'give exactly one of bindPassword and bindPasswordFile',
      });
    if (c.userFilter !== undefined) {
      if (!c.userFilter.includes('{username}'))
        ctx.addIssue({ code: 'custom', path: ['userFilter'], message: 'must contain {username}' });
      else if (!parsesAsFilter(fillUserFilter(c.userFilter, 'x')))
        ctx.addIssue({ code: 'custom', path: ['userFilter'], message: 'must be a valid LDAP filter' });
    }
    if (c.groups.strategy === 'inChain' && c.mode !== 'ad')
      ctx.addIssue({
        code: 'custom',
        path: ['groups', 'strategy'],
        message: 'inChain is an Active Directory rule',
      });
    if (c.attributes.id === 'objectGUID' && c.mode !== 'ad')
      ctx.addIssue({
        code: 'custom',
        path: ['attributes', 'id'],
        message: 'objectGUID is an Active Directory attribute',
      });
  })
  .transform((c): LdapConfig => {
    const ad = c.mode === 'ad';
    const a = c.attributes;
    const g = c.groups;
    return {
      mode: c.mode,
      urls: Array.isArray(c.url) ? c.url : [c.url],
      startTls: c.startTls,
      tlsCaFile: c.tlsCaFile,
      tlsServerName: c.tlsServerName,
      bindDn: c.bindDn,
      bindPassword: c.bindPassword,
      bindPasswordFile: c.bindPasswordFile,
      baseDn: c.baseDn,
      userFilter:
        c.userFilter ??
        (ad
          ? '(&(objectCategory=person)(objectClass=user)(sAMAccountName={username}))'
          : '(&(objectClass=inetOrgPerson)(uid={username}))'),
      userObjectFilter:
        c.userObjectFilter ??
        (ad ? '(&(objectCategory=person)(objectClass=user))' : '(objectClass=inetOrgPerson)'),
      attributes: {
        id: a.id ?? (ad ? 'objectGUID' : 'entryUUID'),
        username: a.username ?? (ad ? 'sAMAccountName' : 'uid'),
        displayName: a.displayName ?? 'displayName',
        givenName: a.givenName ?? 'givenName',
        familyName: a.familyName ?? 'sn',
        email: a.email ?? 'mail',
        mobilePhone: a.mobilePhone ?? 'mobile',
        officePhone: a.officePhone ?? 'telephoneNumber',
        alternateEmail: a.alternateEmail,
      },
      groups: {
        strategy: g.strategy ?? (ad ? 'inChain' : 'search'),
        baseDn: g.baseDn ?? c.baseDn,
        filter: g.filter ?? (ad ? '(objectClass=group)' : '(objectClass=groupOfNames)'),
        memberAttribute: g.memberAttribute ?? 'member',
        nameAttribute: g.nameAttribute ?? 'cn',
        maxDepth: g.maxDepth ?? 10,
      },
      privilegedGroups: c.privilegedGroups,
      phoneRegion: c.phoneRegion,
      connectTimeoutMs: c.connectTimeoutMs,
      timeoutMs: c.timeoutMs,
    };
  });

/** Settings with every per-mode default filled in. */
export interface LdapConfig {
  mode: LdapMode;
  urls: string[];
  startTls: boolean;
  tlsCaFile: string | undefined;
  tlsServerName: string | undefined;
  bindDn: string;
  bindPassword: string | undefined;
  bindPasswordFile: string | undefined;
  baseDn: string;
  userFilter: string;
  userObjectFilter: string;
  attributes: {
    id: 'entryUUID' | 'objectGUID';
    username: string;
    displayName: string;
    givenName: string;
    familyName: string;
    email: string;
    mobilePhone: string;
    officePhone: string;
    alternateEmail: string | undefined;
  };
  groups: {
    strategy: GroupStrategy;
    baseDn: string;
    filter: string;
    memberAttribute: string;
    nameAttribute: string;
    maxDepth: number;
  };
  privilegedGroups: string[];
  phoneRegion: CountryCode | undefined;
  connectTimeoutMs: number;
  timeoutMs: number;
}

export type LdapConfigInput = z.input<typeof ldapConfigSchema>;

export class LdapConfigError extends Error {}

/** Validates LDAP settings; every problem is reported with the setting's name under `prefix`. */
export function parseLdapConfig(input: unknown, prefix = 'ldap'): LdapConfig {
  const r = ldapConfigSchema.safeParse(input);
  if (!r.success)
    throw new LdapConfigError(
      r.error.issues.map((i) => `setting ${[prefix, ...i.path].join('.')}: ${i.message}`).join('\n'),
    );
  return r.data;
}
