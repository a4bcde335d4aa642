// Screens an SMS or voice destination before any request leaves: E.164, no premium-rate or toll-free, allowed country.
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { countryOf, phoneProblem, toE164 } from '../../policy/phone.ts';
import { PermanentDeliveryError } from '../provider.ts';

/** ISO 3166-1 alpha-2 country codes that libphonenumber knows, upper-cased. */
export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c), 'must be an ISO 3166-1 alpha-2 country code');

export const phoneDeliveryConfigSchema = z.strictObject({
  /**
   * Countries (ISO codes such as `US`, `FR`) whose numbers may receive SMS and calls; all when absent.
   * Numbers elsewhere are refused before any request, which caps SMS pumping to expensive destinations.
   */
  allowedCountries: z.array(countryCodeSchema).min(1).max(300).optional(),
});
export type PhoneDeliveryConfig = z.output<typeof phoneDeliveryConfigSchema>;

const strictE164 = /^\+[1-9]\d{1,14}$/;

/**
 * Returns the destination when an HTTP provider may be asked to reach it; otherwise throws
 * PermanentDeliveryError (the worker fails the row at once and no request is made). The reason never
 * carries the number, since it is logged and stored.
 */
export function checkPhoneDestination(to: string, allowedCountries?: readonly string[]): string {
  const e164 = to.trim();
  if (!strictE164.test(e164) || toE164(e164) !== e164)
    throw new PermanentDeliveryError('destination is not a valid E.164 number');
  const problem = phoneProblem(e164);
  if (problem === 'invalid') throw new PermanentDeliveryError('destination is not a valid E.164 number');
  // Premium-rate and toll-free numbers are where SMS pumping sends traffic; no code belongs there.
  if (problem === 'premium_rate') throw new PermanentDeliveryError('destination is a premium-rate number');
  if (problem === 'toll_free') throw new PermanentDeliveryError('destination is a toll-free number');
  if (allowedCountries) {
    const country = countryOf(e164);
    if (!country || !allowedCountries.includes(country))
      throw new PermanentDeliveryError(`destination country ${country ?? 'unknown'} is not allowed`);
  }
  return e164;
}
