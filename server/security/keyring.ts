// Secrets with key ids: generated into the data folder for the embedded default, rotated with a 15-minute overlap.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../clock.ts';

const keySchema = z.strictObject({
  kid: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  key: z.base64().refine((k) => Buffer.from(k, 'base64').length >= 32, 'keys need at least 32 bytes'),
  createdAt: z.iso.datetime(),
});
export const secretsSchema = z.strictObject({
  /** HMAC keys for codes, tokens and captcha; newest first is current. */
  hmac: z.array(keySchema).min(1),
  /** Argon2 peppers; old ones stay for verifying hashes made with them, which are rehashed on the next success. */
  pepper: z.array(keySchema).min(1),
  /** Key for decoys and for HMACs of unknown usernames; never rotated automatically so decoys stay stable. */
  decoy: keySchema,
});
export type Secrets = z.infer<typeof secretsSchema>;
type Key = z.infer<typeof keySchema>;

/** How long a replaced key keeps verifying. */
export const rotationOverlapMs = 15 * 60_000;

export function newKey(kid: string, now: number): Key {
  return { kid, key: randomBytes(32).toString('base64'), createdAt: new Date(now).toISOString() };
}

export function generateSecrets(now: number): Secrets {
  return { hmac: [newKey('h1', now)], pepper: [newKey('p1', now)], decoy: newKey('d1', now) };
}

/** Adds a new current HMAC key and pepper; the previous HMAC key stays to verify for the overlap, older ones go. */
export function rotateSecrets(s: Secrets, now: number): Secrets {
  const next = (ring: Key[], prefix: string) =>
    `${prefix}${Math.max(0, ...ring.map((k) => Number(k.kid.slice(1)) || 0)) + 1}`;
  return {
    ...s,
    hmac: [newKey(next(s.hmac, 'h'), now), s.hmac[0]!],
    pepper: [newKey(next(s.pepper, 'p'), now), ...s.pepper],
  };
}

/** Reads secrets from dataDir/secrets.json, creating the file (mode 0600) on first start. */
export async function loadOrCreateSecrets(dataDir: string, now: number): Promise<Secrets> {
  const file = join(dataDir, 'secrets.json');
  try {
    return parseSecrets(await readFile(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const s = generateSecrets(now);
  await writeFile(`${file}.tmp`, JSON.stringify(s, null, 2), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return s;
}

export function parseSecrets(text: string, where: string): Secrets {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: secrets are not valid JSON`);
  }
  const r = secretsSchema.safeParse(json);
  if (!r.success)
    throw new Error(
      `${where}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/** Purpose-bound HMACs over the current key, verifying with any key still inside its overlap. */
export class Keyring {
  constructor(
    private readonly secrets: Secrets,
    private readonly clock: Clock,
  ) {}

  get currentKid(): string {
    return this.secrets.hmac[0]!.kid;
  }

  /** Keys that still verify: the current one, and the previous one for 15 minutes after its replacement. */
  private live(): Key[] {
    const [current, ...older] = this.secrets.hmac;
    const out = [current!];
    let replacedAt = Date.parse(current!.createdAt);
    for (const k of older) {
      if (replacedAt + rotationOverlapMs <= this.clock.now()) break;
      out.push(k);
      replacedAt = Date.parse(k.createdAt);
    }
    return out;
  }

  private readonly derived = new Map<string, Buffer>();

  // HKDF on every call showed in profiles; a Keyring's keys never change, so each subkey is derived once.
  private subkey(k: Key, purpose: string): Buffer {
    const id = `${k.kid}/${purpose}`;
    let key = this.derived.get(id);
    if (!key) {
      key = Buffer.from(
        hkdfSync('sha256', Buffer.from(k.key, 'base64'), Buffer.alloc(0), `regain:${purpose}`, 32),
      );
      this.derived.set(id, key);
    }
    return key;
  }

  /** HMAC-SHA256 of data for a purpose, with the current key; returns [kid, base64url mac]. */
  sign(purpose: string, data: string): { kid: string; mac: string } {
    const k = this.secrets.hmac[0]!;
    return {
      kid: k.kid,
      mac: createHmac('sha256', this.subkey(k, purpose)).update(data).digest('base64url'),
    };
  }

  /** Constant-time check of a mac made by sign(), accepting a previous key inside the overlap. */
  verify(purpose: string, data: string, kid: string, mac: string): boolean {
    const k = this.live().find((x) => x.kid === kid);
    if (!k) return false;
    const want = createHmac('sha256', this.subkey(k, purpose)).update(data).digest();
    const got = Buffer.from(mac, 'base64url');
    return got.length === want.length && timingSafeEqual(got, want);
  }

  /** A stable keyed hash (the decoy key) for unknown usernames, decoy choices and their throttle keys. */
  stableHmac(purpose: string, data: string): string {
    return createHmac('sha256', this.subkey(this.secrets.decoy, purpose)).update(data).digest('base64url');
  }

  /** A secret for a purpose derived from the current key, for libraries that want a string secret. */
  secretFor(purpose: string): string {
    return this.subkey(this.secrets.hmac[0]!, purpose).toString('base64url');
  }

  /** Verification secrets for a purpose, newest first (for captcha signatures made before a rotation). */
  secretsFor(purpose: string): string[] {
    return this.live().map((k) => this.subkey(k, purpose).toString('base64url'));
  }

  /** Data-sealing key for a kid (outbox bodies); undefined once the key has left the ring. */
  sealKey(kid: string): Buffer | undefined {
    const k = this.secrets.hmac.find((x) => x.kid === kid);
    return k && this.subkey(k, 'seal');
  }

  peppers(): { kid: string; key: Buffer }[] {
    return this.secrets.pepper.map((p) => ({ kid: p.kid, key: Buffer.from(p.key, 'base64') }));
  }
}
