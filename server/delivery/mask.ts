// Fixed-width masks for email addresses and phone numbers: hints, notifications and logs show these only.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Channel } from './types.ts';

/**
 * Star counts are constants, not derived from the address: a mask must not reveal how long the real
 * value is, and decoy hints (made by masking invented addresses) must look exactly like real ones.
 */
export const emailLocalStars = 4;
export const emailDomainStars = 7;
/** Bullets standing for every phone digit between the country calling code and the last two digits. */
export const phoneBullets = 8;

const bullet = '\u2022';

/** First Unicode code point, so an IDN or non-Latin local part is not cut in half. */
function firstChar(s: string): string {
  return Array.from(s)[0] ?? '*';
}

/**
 * Masks an email address as first character of the local part + 4 stars, `@`, first character of the
 * domain's first label + 7 stars, then the last label (the TLD). Lowercased, since addresses compare
 * case-insensitively and a capital would be a detail decoys could not copy.
 * @example maskEmail('alice@personal.example') // 'a****@p*******.example'
 * @example maskEmail('Bob@mail.contoso.co.uk') // 'b****@m*******.uk'
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, Math.max(0, at)).trim().toLowerCase();
  const labels = address
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .split('.')
    .filter(Boolean);
  const stars = (n: number) => '*'.repeat(n);
  if (at <= 0 || local === '' || labels.length === 0) {
    // Not an address; still answer with the same shape and reveal nothing.
    return `*${stars(emailLocalStars)}@*${stars(emailDomainStars)}`;
  }
  const tld = labels.length > 1 ? `.${labels[labels.length - 1]}` : '';
  return `${firstChar(local)}${stars(emailLocalStars)}@${firstChar(labels[0]!)}${stars(emailDomainStars)}${tld}`;
}

/**
 * Masks an E.164 number as `+<country calling code> ` + 8 bullets + the last two digits, whatever the
 * number's length. When the calling code cannot be found the prefix is left out rather than guessed.
 * @example maskPhone('+14255550100') // '+1 ••••••••00'
 * @example maskPhone('+33612345678') // '+33 ••••••••78'
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const last = digits.slice(-2).padStart(2, bullet);
  const body = `${bullet.repeat(phoneBullets)}${last}`;
  const cc = digits.length >= 4 ? parsePhoneNumberFromString(`+${digits}`)?.countryCallingCode : undefined;
  return cc ? `+${cc} ${body}` : body;
}

/** The mask that fits a channel's destination: email addresses for email, phone numbers otherwise. */
export function maskDestination(channel: Channel, to: string): string {
  return channel === 'email' ? maskEmail(to) : maskPhone(to);
}

/** True when a value already carries a mask character (stars or bullets), so it is safe to show. */
export function looksMasked(value: string): boolean {
  return value.includes('*') || value.includes(bullet);
}
