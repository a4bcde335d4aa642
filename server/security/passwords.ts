// Argon2id hashing of passwords and security answers with a peppered, key-identified secret.
import argon2 from 'argon2';
import type { Keyring } from './keyring.ts';

// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
const params = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes with the current pepper; the stored form is `<pepper kid>$<argon2 PHC string>`. */
export async function hashSecret(keys: Keyring, secret: string): Promise<string> {
  const pepper = keys.peppers()[0]!;
  return `${pepper.kid}$${await argon2.hash(secret.normalize('NFKC'), { ...params, secret: pepper.key })}`;
}

/** Verifies a stored hash; `stale` asks the caller to rehash with the current pepper. */
export async function verifySecret(
  keys: Keyring,
  stored: string,
  secret: string,
): Promise<{ ok: boolean; stale: boolean }> {
  const i = stored.indexOf('$');
  const peppers = keys.peppers();
  const pepper = peppers.find((p) => p.kid === stored.slice(0, i));
  if (i < 1 || !pepper) return { ok: false, stale: false };
  try {
    const ok = await argon2.verify(stored.slice(i + 1), secret.normalize('NFKC'), { secret: pepper.key });
    return { ok, stale: ok && pepper.kid !== peppers[0]!.kid };
  } catch {
    return { ok: false, stale: false };
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same work as a real verification, so unknown users cost what known ones do. */
export async function burnVerify(keys: Keyring, secret: string): Promise<void> {
  dummy ??= hashSecret(keys, 'regain-timing-equalizer');
  await verifySecret(keys, await dummy, secret);
}
