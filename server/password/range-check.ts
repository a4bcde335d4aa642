// The optional breached-password range check: k-anonymity lookups against a Pwned-Passwords-compatible service.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Violation } from './violation.ts';

export const defaultRangeCheckUrl = 'https://api.pwnedpasswords.com';

/** `password.rangeCheck` in the service configuration; absent means the check is off. */
export const rangeCheckConfigSchema = z.strictObject({
  /** The service's base URL; requests go to `{url}/range/{5 hex}`. */
  url: z.url({ protocol: /^https?$/ }).default(defaultRangeCheckUrl),
  /** A reset never waits longer than this for the service. */
  timeoutMs: z.coerce.number().int().min(50).max(30_000).default(1500),
  /**
   * When the service cannot answer in time: accept the password (true, the default: an outage elsewhere never
   * blocks a reset) or reject it as `common_password` with `source: 'breach_unavailable'` (false).
   */
  failOpen: z.boolean().default(true),
});
export type RangeCheckConfig = z.output<typeof rangeCheckConfigSchema>;

export interface RangeCheck {
  /**
   * The violation for an already normalized password: `common_password` with `{source: 'breached', count}` when the
   * service lists it, with `{source: 'breach_unavailable'}` when it could not answer and the check fails closed.
   * Never throws.
   */
  violation(normalized: string): Promise<Violation | undefined>;
}

export interface RangeCheckOptions {
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
  /** Told why a lookup failed; the prefix is never passed, so logs cannot narrow a password down. */
  onUnavailable?: (err: unknown) => void;
}

// A padded answer holds 800–1000 lines of ~40 bytes; anything far larger is not a range answer.
const maxResponseBytes = 1 << 20;

/** The SHA-1 of the password's UTF-8 bytes, uppercase hex, split where the service expects it. */
export function rangeKey(normalized: string): { prefix: string; suffix: string } {
  const hex = createHash('sha1').update(normalized, 'utf8').digest('hex').toUpperCase();
  return { prefix: hex.slice(0, 5), suffix: hex.slice(5) };
}

/**
 * How often the answer lists the suffix; 0 when it does not. Padding entries (count 0, sent with
 * `Add-Padding: true` so the answer's size says nothing about the prefix) count as absent.
 */
export function countInRange(body: string, suffix: string): number {
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toUpperCase() !== suffix) continue;
    const count = Number.parseInt(line.slice(colon + 1).trim(), 10);
    return Number.isFinite(count) && count > 0 ? count : 0;
  }
  return 0;
}

/** Builds the check; only the 5-character prefix of the hash ever leaves the process. */
export function createRangeCheck(config: RangeCheckConfig, opts: RangeCheckOptions = {}): RangeCheck {
  const doFetch = opts.fetch ?? fetch;
  const base = config.url.replace(/\/+$/, '');
  const unavailable: Violation | undefined = config.failOpen
    ? undefined
    : { rule: 'common_password', params: { source: 'breach_unavailable' } };
  return {
    async violation(normalized) {
      const { prefix, suffix } = rangeKey(normalized);
      try {
        const res = await doFetch(`${base}/range/${prefix}`, {
          headers: { 'Add-Padding': 'true', Accept: 'text/plain' },
          redirect: 'error',
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        if (!res.ok) throw new Error(`range service answered ${res.status}`);
        const length = Number(res.headers.get('content-length') ?? 0);
        if (length > maxResponseBytes) throw new Error('range answer too large');
        const body = await res.text();
        if (body.length > maxResponseBytes) throw new Error('range answer too large');
        const count = countInRange(body, suffix);
        return count > 0 ? { rule: 'common_password', params: { source: 'breached', count } } : undefined;
      } catch (err) {
        opts.onUnavailable?.(err);
        return unavailable;
      }
    },
  };
}
