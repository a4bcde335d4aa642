// The ALTCHA proof of work that precedes every reset start: issues signed, expiring challenges and verifies solutions once.
import { createHash, createHmac, randomInt } from 'node:crypto';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Queryable } from '../store/db.ts';
import { captchaAlgorithm, parseCaptchaPayload } from './captcha-payload.ts';

/** Where used challenges are remembered until they expire (a database table in production). */
export interface CaptchaReplayStore {
  /** Atomically records the id; false if it was already used. With `q`, inside the caller's transaction. */
  claim(id: string, expiresAtMs: number, q?: Queryable): Promise<boolean>;
}

/** A solution that passed the cryptographic checks and still has to be claimed once (`claim`). */
export interface CaptchaSolution {
  id: string;
  expiresAtMs: number;
}

export interface CaptchaOptions {
  /** `none` accepts everything and must only be configured in dev mode. */
  kind: 'altcha' | 'none';
  /**
   * Secret for the challenge signatures. A function gives the keys newest first: the first signs, every one
   * verifies, so challenges issued just before a key rotation stay valid (Keyring.secretsFor('captcha')).
   */
  hmacKey: string | (() => readonly string[]);
  /** PBKDF2-SHA-256 iterations per derivation; defaults to defaultCaptchaCost. */
  cost?: number;
  /**
   * The solver tries counters 0, 1, 2… and the answer is drawn uniformly from 0..counterMax, so a solve takes
   * counterMax / 2 + 1 derivations on average (and at most counterMax + 1). Defaults to defaultCaptchaCounterMax.
   */
  counterMax?: number;
  /**
   * Bytes of the answer's derived key published as the prefix to find (4–16, default 16). Shorter prefixes
   * risk the solver stopping on a wrong counter whose key merely shares the prefix.
   */
  keyPrefixLength?: number;
  /** Lifetime of a challenge; default 300. */
  expiresInSeconds?: number;
  /** Injected clock in ms. altcha-lib also checks expiry against Date.now, so keep it near real time. */
  now: () => number;
  replay: CaptchaReplayStore;
}

export interface CaptchaVerifier {
  kind: 'altcha' | 'none';
  /** The ALTCHA v2 Challenge JSON exactly as altcha-lib creates it; null for `none`, which has no challenge. */
  createChallenge(): Promise<unknown>;
  /** True only for a correct, unexpired, correctly signed, first-time solution; never throws. */
  verify(payload: unknown): Promise<boolean>;
  /**
   * The checks of `verify` that need no database: a correct, unexpired, correctly signed solution, else null. Its
   * single use is then `claim`ed, which lets a reset start claim it in its own transaction.
   */
  check(payload: unknown): Promise<CaptchaSolution | null>;
  /** Claims a checked solution once; false when it was used before or the store fails. */
  claim(solution: CaptchaSolution, q?: Queryable): Promise<boolean>;
}

/**
 * PBKDF2-SHA-256 iterations per derivation, measured with bench/captcha.ts (headless Chromium 156, 2 cores).
 * Chromium runs WebCrypto on one thread at about 4–5 M iterations/s and spends about 50 µs of call overhead per
 * derivation whatever the cost. At a fixed total work, cost 2000 keeps that overhead (which attackers running
 * native PBKDF2 never pay) near 10%, while issuing a challenge (one derivation on the server, unauthenticated)
 * costs about 2 ms; cost 5000 halves the overhead but doubles the server's share, cost 1000 nearly doubles it.
 */
export const defaultCaptchaCost = 2_000;
/**
 * Upper bound of the secret counter: 1501 derivations expected (about 3 M iterations), 3001 at most, so the
 * measured median solve is about 0.8 s (p90 about 1.5 s) in Chromium on the bench machine.
 */
export const defaultCaptchaCounterMax = 3_000;

const maxUint32 = 0xffffffff;

interface Secrets {
  signature: string;
  keySignature: string;
}

// Two independent secrets per key, so neither of altcha-lib's HMACs can be replayed as the other.
function secretsOf(hmacKey: string): Secrets {
  const sub = (label: string) =>
    createHmac('sha256', hmacKey).update(`regain:captcha:${label}`).digest('hex');
  return { signature: sub('challenge'), keySignature: sub('key') };
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`captcha: ${message}`);
}

export function createCaptcha(opts: CaptchaOptions): CaptchaVerifier {
  if (opts.kind === 'none') {
    return {
      kind: 'none',
      createChallenge: async () => null,
      verify: async () => true,
      check: async () => ({ id: '', expiresAtMs: 0 }),
      claim: async () => true,
    };
  }
  check(opts.kind === 'altcha', `unknown kind ${String(opts.kind)}`);
  const cost = opts.cost ?? defaultCaptchaCost;
  const counterMax = opts.counterMax ?? defaultCaptchaCounterMax;
  const keyPrefixLength = opts.keyPrefixLength ?? 16;
  const expiresInSeconds = opts.expiresInSeconds ?? 300;
  check(Number.isInteger(cost) && cost >= 1, 'cost must be a positive integer');
  check(Number.isInteger(counterMax) && counterMax >= 1 && counterMax < maxUint32, 'counterMax out of range');
  check(
    Number.isInteger(keyPrefixLength) && keyPrefixLength >= 4 && keyPrefixLength <= 16,
    'bad keyPrefixLength',
  );
  check(Number.isInteger(expiresInSeconds) && expiresInSeconds >= 1, 'expiresInSeconds must be positive');
  const { hmacKey, now, replay } = opts;
  const keys = (): readonly string[] => (typeof hmacKey === 'string' ? [hmacKey] : hmacKey());
  check(keys().length > 0 && keys().every((k) => typeof k === 'string' && k.length > 0), 'hmacKey is empty');

  const verifier: CaptchaVerifier = {
    kind: 'altcha',
    async createChallenge() {
      const secrets = secretsOf(keys()[0]!);
      // Deterministic mode: the server derives the key for a secret counter and publishes a prefix of it with an
      // HMAC of the whole key, so the solver must search and verification needs no key derivation.
      return createChallenge({
        algorithm: captchaAlgorithm,
        cost,
        counter: randomInt(0, counterMax + 1),
        deriveKey,
        keyPrefixLength,
        expiresAt: Math.floor(now() / 1000) + expiresInSeconds,
        hmacSignatureSecret: secrets.signature,
        hmacKeySignatureSecret: secrets.keySignature,
      });
    },
    async check(input) {
      try {
        const payload = parseCaptchaPayload(input);
        if (!payload) return null;
        const { challenge, solution } = payload;
        const expiresAtMs = challenge.parameters.expiresAt! * 1000;
        // altcha-lib compares with Date.now; the injected clock is the one our rules follow.
        if (expiresAtMs <= now()) return null;
        for (const key of keys()) {
          const secrets = secretsOf(key);
          const result = await verifySolution({
            challenge,
            solution,
            deriveKey,
            hmacSignatureSecret: secrets.signature,
            hmacKeySignatureSecret: secrets.keySignature,
          });
          // The signature identifies the challenge because it covers the random nonce and salt.
          if (result.verified)
            return { id: createHash('sha256').update(challenge.signature!).digest('base64url'), expiresAtMs };
        }
        return null;
      } catch {
        // A library error must reject, never let the request through.
        return null;
      }
    },
    async claim(solution, q) {
      // Claimed only after verification, so forged payloads cannot fill the store.
      return replay.claim(solution.id, solution.expiresAtMs, q).catch(() => false);
    },
    async verify(input) {
      const solution = await verifier.check(input);
      return solution !== null && (await verifier.claim(solution));
    },
  };
  return verifier;
}
