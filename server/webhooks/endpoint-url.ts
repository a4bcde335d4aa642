// The URL rule for every endpoint Regain calls out to: https, or plain http only to this machine.
import { z } from 'zod';

/** True for names and addresses that cannot leave the host (tests, a sidecar relay). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Why a URL may not be called, or undefined when it may. */
export function endpointUrlProblem(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  // Credentials in a URL end up in logs and error messages; secrets have their own settings.
  if (u.username || u.password) return 'must not carry a user name or password';
  if (u.hash) return 'must not have a #fragment';
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return undefined;
  // Codes, signatures and user names would cross the network in clear.
  return 'must be https (plain http only to a loopback host)';
}

/** A validated endpoint URL, as written (no trailing-slash or case changes beyond URL's own). */
export const endpointUrl = z
  .string()
  .trim()
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = endpointUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
