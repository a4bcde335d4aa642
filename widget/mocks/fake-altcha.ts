// Real ALTCHA challenges for the fake service, issued and verified with altcha-lib over WebCrypto (runs in Node and browsers).
import { createChallenge, type DeriveKeyFunction, verifySolution } from 'altcha-lib';

/** PBKDF2 through crypto.subtle, the same derivation the widget's solver runs; altcha-lib's own uses node:crypto. */
const deriveKey: DeriveKeyFunction = async (parameters, salt, password) => {
  const key = await crypto.subtle.importKey('raw', password as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: parameters.cost },
    key,
    parameters.keyLength * 8,
  );
  return { derivedKey: new Uint8Array(bits) };
};

const hex = (n: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');

export interface FakeAltcha {
  /** A signed challenge as GET /v1/captcha answers it. */
  challenge(): Promise<unknown>;
  /** True once per correct, unexpired, correctly signed payload (base64 JSON, as the widget sends it). */
  verify(payload: unknown): Promise<boolean>;
}

/**
 * Tiny work on purpose (a few PBKDF2 rounds, counter below 32) so tests and demos solve it in milliseconds; the
 * protocol, signatures and single use are the real ones.
 */
export function fakeAltcha(o: { cost?: number; counterMax?: number } = {}): FakeAltcha {
  const secrets = { hmacSignatureSecret: hex(16), hmacKeySignatureSecret: hex(16) };
  const used = new Set<string>();
  return {
    challenge: () =>
      createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: o.cost ?? 2,
        counter: Math.floor(Math.random() * ((o.counterMax ?? 31) + 1)),
        deriveKey,
        keyPrefixLength: 16,
        expiresAt: Math.floor(Date.now() / 1000) + 300,
        ...secrets,
      }),
    async verify(payload) {
      try {
        if (typeof payload !== 'string') return false;
        const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
        const { challenge, solution } = JSON.parse(json);
        const r = await verifySolution({ challenge, solution, deriveKey, ...secrets });
        if (!r.verified || used.has(challenge.signature)) return false;
        used.add(challenge.signature);
        return true;
      } catch {
        return false;
      }
    },
  };
}
