// Phone numbers: E.164 normalization and the checks that keep premium-rate and toll-free numbers out.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** E.164 of a well-formed, valid number, or undefined. A national form is read in defaultCountry. */
export function toE164(input: string, defaultCountry?: CountryCode): string | undefined {
  const n = parsePhoneNumberFromString(input, defaultCountry);
  return n?.isValid() ? n.number : undefined;
}

/** Why a number can't receive codes, or undefined when it can. */
export function phoneProblem(input: string): 'invalid' | 'premium_rate' | 'toll_free' | undefined {
  const n = parsePhoneNumberFromString(input);
  if (!n?.isValid()) return 'invalid';
  const t = n.getType();
  if (t === 'PREMIUM_RATE' || t === 'SHARED_COST') return 'premium_rate';
  if (t === 'TOLL_FREE') return 'toll_free';
  return undefined;
}

export function countryOf(e164: string): CountryCode | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

export function callingCodeOf(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.countryCallingCode;
}
