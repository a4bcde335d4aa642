// AES-256-GCM sealing of outbox bodies, so no code ever sits in the database in clear.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from '../security/keyring.ts';

const ivBytes = 12;
const tagBytes = 16;

/** A sealed JSON value and the id of the key that sealed it. */
export interface Sealed {
  kid: string;
  /** base64url(iv | tag | ciphertext) */
  sealed: string;
}

/** Thrown when a body cannot be opened: its key left the ring, or the text was altered or moved. */
export class SealError extends Error {
  override readonly name = 'SealError';
}

/**
 * Seals a JSON-serializable value with the keyring's current seal key.
 * `context` is bound as associated data (the outbox row id), so a body copied onto another row does not open.
 */
export function seal(keys: Keyring, value: unknown, context: string): Sealed {
  const kid = keys.currentKid;
  const key = keys.sealKey(kid);
  if (!key) throw new SealError(`no seal key for kid ${kid}`);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { kid, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url') };
}

/** Opens what seal() made with the same context; throws SealError rather than return anything unauthenticated. */
export function unseal(keys: Keyring, kid: string, sealed: string, context: string): unknown {
  const key = keys.sealKey(kid);
  if (!key) throw new SealError(`seal key ${kid} is no longer in the keyring`);
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < ivBytes + tagBytes) throw new SealError('sealed text is too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, ivBytes), {
      authTagLength: tagBytes,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(ivBytes, ivBytes + tagBytes));
    const text = Buffer.concat([
      decipher.update(raw.subarray(ivBytes + tagBytes)),
      decipher.final(),
    ]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch {
    // The cause (bad tag, bad JSON) says nothing useful and must not echo any plaintext.
    throw new SealError('sealed text failed authentication');
  }
}
