// Bearer tokens and one-time codes: CSPRNG only, stored as hashes, compared in constant time.
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A 256-bit random token; every token has the same length, decoys included. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens carry 256 random bits, so an unkeyed SHA-256 is enough to make a stolen table useless. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A string of uniformly drawn digits from the CSPRNG. */
export function newCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** Parses an `Authorization: Bearer` header; undefined when missing or malformed. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return m?.[1];
}
