// Tiny ALTCHA v2 solver for PBKDF2 challenges using crypto.subtle only, so the widget needs no Worker, WASM or altcha-lib.

/** An ALTCHA v2 challenge as GET /v1/captcha returns it. */
export interface AltchaChallenge {
  parameters: {
    algorithm: string;
    nonce: string;
    salt: string;
    cost: number;
    keyLength?: number;
    keyPrefix: string;
    [other: string]: unknown;
  };
  signature?: string;
}

export interface SolveAltchaOptions {
  signal?: AbortSignal;
  /** Called after every derivation with the number tried so far. */
  onProgress?: (tried: number) => void;
  /**
   * Derivations kept in flight (default 4). Chromium runs WebCrypto on one background thread, so more do not add
   * cores; a few hide the round trip to that thread, and each extra one may be wasted once the answer is found.
   */
  concurrency?: number;
}

const bytes = (hex: string): Uint8Array<ArrayBuffer> => {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('altcha: bad hex');
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
};
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Finds the counter and returns the base64 payload that POST /v1/reset takes as `captcha`. */
export async function solveAltcha(
  challenge: AltchaChallenge,
  opts: SolveAltchaOptions = {},
): Promise<string> {
  const { signal, onProgress, concurrency = 4 } = opts;
  const { algorithm, nonce, salt, cost, keyLength = 32, keyPrefix } = challenge.parameters;
  // altcha-lib names PBKDF2 variants PBKDF2/<hash>; WebCrypto takes the hash name.
  const hash = algorithm.startsWith('PBKDF2/') ? algorithm.slice(7) : '';
  if (!hash) throw new Error(`altcha: unsupported algorithm ${algorithm}`);
  const nonceBytes = bytes(nonce);
  const saltBytes = bytes(salt);
  const prefix = keyPrefix.toLowerCase();
  const prefixBytes = Math.ceil(prefix.length / 2);
  const started = performance.now();
  let next = 0;
  let tried = 0;
  let found: { counter: number; derivedKey: string } | undefined;

  const lane = async (): Promise<void> => {
    // Password = nonce bytes + counter as uint32 big-endian, as altcha-lib's PasswordBuffer builds it.
    const password = new Uint8Array(nonceBytes.length + 4);
    password.set(nonceBytes);
    const view = new DataView(password.buffer);
    while (!found) {
      signal?.throwIfAborted();
      const counter = next++;
      if (counter > 0xffffffff) throw new Error('altcha: no solution');
      view.setUint32(nonceBytes.length, counter);
      const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
      const bits = await crypto.subtle.deriveBits(
        { name: 'PBKDF2', hash, salt: saltBytes, iterations: cost },
        key,
        keyLength * 8,
      );
      // Checked again here so no progress is reported after an abort.
      signal?.throwIfAborted();
      const derived = new Uint8Array(bits);
      onProgress?.(++tried);
      // Comparing hex handles odd-length prefixes the way altcha-lib does.
      if (!found && toHex(derived.subarray(0, prefixBytes)).startsWith(prefix)) {
        found = { counter, derivedKey: toHex(derived) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  signal?.throwIfAborted();
  const payload = {
    challenge: { parameters: challenge.parameters, signature: challenge.signature },
    solution: { ...found!, time: Math.round((performance.now() - started) * 10) / 10 },
  };
  // UTF-8 before btoa, which only takes Latin-1; the server decodes base64 as UTF-8.
  return btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(payload))));
}
