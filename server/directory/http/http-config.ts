// Settings of the HTTP directory connector: the organization's base URL, the shared signing secret, the timeout.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isLoopbackHost } from '../ldap/ldap-config.ts';

// Long enough that guessing is hopeless and short secrets (a word, a PIN) are refused at start.
const minSecretLength = 32;

export const httpDirectoryConfigSchema = z
  .strictObject({
    /** The base URL the endpoints hang under, e.g. https://accounts.example.org/regain. */
    url: z
      .url({ protocol: /^https?$/ })
      .refine((s) => {
        const u = new URL(s);
        return u.protocol === 'https:' || isLoopbackHost(u.hostname);
      }, 'must be https (plain http only to a loopback host)')
      .refine((s) => !new URL(s).search && !new URL(s).hash, 'must not carry a query or fragment'),
    /** The HMAC-SHA256 key both sides sign with; or `secretFile`, a file holding it. */
    secret: z.string().min(minSecretLength).optional(),
    secretFile: z.string().min(1).optional(),
    /** Every call gives up after this long and counts as "directory unavailable". */
    timeoutMs: z.coerce.number().int().min(100).max(60_000).default(5000),
  })
  .refine((c) => (c.secret === undefined) !== (c.secretFile === undefined), {
    message: 'give exactly one of secret and secretFile',
  });
export type HttpDirectoryConfig = z.output<typeof httpDirectoryConfigSchema>;

/** The signing secret, read from secretFile when given (trimmed); throws when it is too short. */
export function httpDirectorySecret(config: HttpDirectoryConfig): string {
  const secret = config.secret ?? readFileSync(config.secretFile ?? '', 'utf8').trim();
  if (secret.length < minSecretLength)
    throw new RangeError(`httpDirectory secret: need at least ${minSecretLength} characters`);
  return secret;
}
