// Contact data an LDAP entry holds (mobile, office phone, alternate email), normalized as Regain stores contact data.
import type { Entry } from 'ldapts';
import { toE164 } from '../../policy/phone.ts';
import type { DirectoryContacts } from '../directory.ts';
import { text, texts } from './entry.ts';
import type { LdapConfig } from './ldap-config.ts';

export type { DirectoryContacts } from '../directory.ts';

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The entry's usable contact values: the first phone number of each attribute that is valid (in E.164; a national
 * form only with phoneRegion), the first well-formed alternate address that is not the primary one. Anything else
 * is left out, so a method never shows up with data it cannot use.
 */
export function contactsFromEntry(entry: Entry, cfg: LdapConfig): DirectoryContacts {
  const a = cfg.attributes;
  const phone = (attr: string) =>
    texts(entry, attr)
      .map((v) => toE164(v.trim(), cfg.phoneRegion))
      .find((v) => v !== undefined);
  const out: DirectoryContacts = {};
  const mobile = phone(a.mobilePhone);
  const office = phone(a.officePhone);
  if (mobile) out.mobilePhone = mobile;
  if (office) out.officePhone = office;
  if (a.alternateEmail) {
    const primary = text(entry, a.email)?.toLowerCase();
    const alt = texts(entry, a.alternateEmail)
      .map((v) => v.trim())
      .find((v) => emailShape.test(v) && v.toLowerCase() !== primary);
    if (alt) out.alternateEmail = alt;
  }
  return out;
}
