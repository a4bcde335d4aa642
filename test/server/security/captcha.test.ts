// Captcha: ALTCHA challenges solved by the widget solver (or altcha-lib's) verify exactly once; anything else is refused, never thrown.
import { type Challenge, createChallenge, solveChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/clock.ts';
import {
  type CaptchaOptions,
  type CaptchaReplayStore,
  createCaptcha,
  defaultCaptchaCost,
  defaultCaptchaCounterMax,
} from '../../../server/security/captcha.ts';
import { createMemoryReplayStore } from '../../../server/security/captcha-memory-replay-store.ts';
import { parseCaptchaPayload } from '../../../server/security/captcha-payload.ts';
import { type AltchaChallenge, solveAltcha } from '../../../widget/captcha/solve-altcha.ts';

type Json = Record<string, unknown>;

// Low work so the suite stays fast; the real defaults are exercised by bench/captcha.ts.
function setup(overrides: Partial<CaptchaOptions> = {}) {
  // altcha-lib also checks expiry against Date.now, so the fake clock starts at real time.
  const clock = new FakeClock(Date.now());
  const now = () => clock.now();
  const captcha = createCaptcha({
    kind: 'altcha',
    hmacKey: 'test-hmac-key-not-secret',
    cost: 50,
    counterMax: 30,
    now,
    replay: createMemoryReplayStore(now),
    ...overrides,
  });
  return { clock, captcha };
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');
const decode = (payload: string): { challenge: { parameters: Json; signature: string }; solution: Json } =>
  JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));

async function solved(captcha = setup().captcha): Promise<{ challenge: AltchaChallenge; payload: string }> {
  const challenge = (await captcha.createChallenge()) as AltchaChallenge;
  return { challenge, payload: await solveAltcha(challenge) };
}

describe('captcha challenge', () => {
  it('is an ALTCHA v2 PBKDF2/SHA-256 challenge, signed and expiring after 5 minutes', async () => {
    const { clock, captcha } = setup();
    const challenge = (await captcha.createChallenge()) as Challenge;
    expect(challenge.parameters.algorithm).toBe('PBKDF2/SHA-256');
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters.keySignature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters.cost).toBe(50);
    expect(challenge.parameters.keyPrefix).toMatch(/^[0-9a-f]{32}$/);
    expect(challenge.parameters.expiresAt).toBe(Math.floor(clock.now() / 1000) + 300);
  });

  it('uses the benchmarked defaults', async () => {
    const now = () => Date.now();
    const captcha = createCaptcha({
      kind: 'altcha',
      hmacKey: 'k',
      now,
      replay: createMemoryReplayStore(now),
    });
    const challenge = (await captcha.createChallenge()) as Challenge;
    expect(challenge.parameters.cost).toBe(defaultCaptchaCost);
    expect(defaultCaptchaCounterMax).toBeGreaterThan(0);
  });

  it('refuses unusable options', () => {
    expect(() => setup({ cost: 0 })).toThrow();
    expect(() => setup({ hmacKey: '' })).toThrow();
    expect(() => setup({ hmacKey: () => [] })).toThrow();
    expect(() => setup({ keyPrefixLength: 2 })).toThrow();
    expect(() => setup({ counterMax: 0 })).toThrow();
  });
});

describe('captcha verify', () => {
  it('accepts a solution from the widget solver once, then refuses the replay', async () => {
    const { captcha } = setup();
    const { payload } = await solved(captcha);
    expect(await captcha.verify(payload)).toBe(true);
    expect(await captcha.verify(payload)).toBe(false);
  });

  it('lets only one of two concurrent submissions of a payload through', async () => {
    const { captcha } = setup();
    const { payload } = await solved(captcha);
    const results = await Promise.all([
      captcha.verify(payload),
      captcha.verify(payload),
      captcha.verify(payload),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("accepts a solution found by altcha-lib's own solveChallenge, and both solvers agree", async () => {
    const { captcha } = setup();
    const challenge = (await captcha.createChallenge()) as Challenge;
    const reference = await solveChallenge({ challenge, deriveKey });
    expect(reference).not.toBeNull();
    const mine = decode(await solveAltcha(challenge as AltchaChallenge));
    expect(mine.solution.counter).toBe(reference!.counter);
    expect(mine.solution.derivedKey).toBe(reference!.derivedKey);
    const payload = encode({
      challenge: { parameters: challenge.parameters, signature: challenge.signature },
      solution: reference,
    });
    expect(await captcha.verify(payload)).toBe(true);
  });

  it('refuses a tampered signature, parameter or derived key', async () => {
    const { captcha } = setup();
    const { payload } = await solved(captcha);
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    const sig = decode(payload);
    sig.challenge.signature = flip(sig.challenge.signature);
    expect(await captcha.verify(encode(sig))).toBe(false);
    const cost = decode(payload);
    cost.challenge.parameters.cost = 1;
    expect(await captcha.verify(encode(cost))).toBe(false);
    const expires = decode(payload);
    expires.challenge.parameters.expiresAt = (expires.challenge.parameters.expiresAt as number) + 3600;
    expect(await captcha.verify(encode(expires))).toBe(false);
    const key = decode(payload);
    key.solution.derivedKey = flip(key.solution.derivedKey as string);
    expect(await captcha.verify(encode(key))).toBe(false);
    // None of these burnt the genuine payload.
    expect(await captcha.verify(payload)).toBe(true);
  });

  it('refuses a challenge signed with another key', async () => {
    const { payload } = await solved(setup({ hmacKey: 'another-key' }).captcha);
    expect(await setup().captcha.verify(payload)).toBe(false);
  });

  it('refuses an expired challenge by the injected clock', async () => {
    const { clock, captcha } = setup();
    const { payload: late } = await solved(captcha);
    const { payload: inTime } = await solved(captcha);
    clock.advance(299_000);
    expect(await captcha.verify(inTime)).toBe(true);
    clock.advance(1_000);
    expect(await captcha.verify(late)).toBe(false);
  });

  it('refuses any algorithm but PBKDF2/SHA-256, even before the signature is checked', async () => {
    const { captcha } = setup();
    const { payload } = await solved(captcha);
    expect(parseCaptchaPayload(payload)).not.toBeNull();
    for (const algorithm of ['PBKDF2/SHA-512', 'SHA-256', 'ARGON2ID', 'pbkdf2/sha-256']) {
      const p = decode(payload);
      p.challenge.parameters.algorithm = algorithm;
      expect(parseCaptchaPayload(encode(p))).toBeNull();
      expect(await captcha.verify(encode(p))).toBe(false);
    }
  });

  it('refuses ALTCHA v1 payloads', async () => {
    const { captcha } = setup();
    const v1 = {
      algorithm: 'SHA-256',
      challenge: 'ab'.repeat(32),
      number: 5,
      salt: 'abc',
      signature: 'cd'.repeat(32),
      took: 1,
    };
    expect(await captcha.verify(encode(v1))).toBe(false);
  });

  it('refuses when the replay store fails', async () => {
    const failing: CaptchaReplayStore = { claim: () => Promise.reject(new Error('db down')) };
    const { captcha } = setup({ replay: failing });
    const { payload } = await solved(captcha);
    expect(await captcha.verify(payload)).toBe(false);
  });

  it('keeps verifying challenges signed with the previous key after a rotation', async () => {
    let ring = ['key-1'];
    const { captcha } = setup({ hmacKey: () => ring });
    const { payload: before } = await solved(captcha);
    const { payload: dropped } = await solved(captcha);
    ring = ['key-2', 'key-1'];
    const { payload: after } = await solved(captcha);
    expect(await captcha.verify(before)).toBe(true);
    expect(await captcha.verify(after)).toBe(true);
    ring = ['key-2'];
    expect(await captcha.verify(dropped)).toBe(false);
  });

  it('refuses garbage without throwing (property)', async () => {
    const { captcha } = setup();
    const payloadLike = fc.record({
      challenge: fc.oneof(fc.anything(), fc.record({ parameters: fc.anything(), signature: fc.anything() })),
      solution: fc.oneof(fc.anything(), fc.record({ counter: fc.anything(), derivedKey: fc.anything() })),
    });
    const garbage = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.base64String(),
      fc.json().map((j) => Buffer.from(j).toString('base64')),
      payloadLike.map(encode),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (input) => {
        expect(await captcha.verify(input)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a genuine payload with any signed field or the derived key replaced (property)', async () => {
    const { captcha } = setup();
    const { payload } = await solved(captcha);
    const original = decode(payload);
    const fields = [
      ...Object.keys(original.challenge.parameters).map((k) => ['challenge', 'parameters', k]),
      ['challenge', 'signature'],
      ['solution', 'derivedKey'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.anything(), async (path, value) => {
        const p = decode(payload) as unknown as Json;
        let at = p;
        for (const k of path.slice(0, -1)) at = at[k] as Json;
        const last = path.at(-1)!;
        fc.pre(JSON.stringify(at[last]) !== JSON.stringify(value));
        at[last] = value;
        expect(await captcha.verify(encode(p))).toBe(false);
      }),
      { numRuns: 1000 },
    );
    expect(await captcha.verify(payload)).toBe(true);
  });
});

describe('captcha kind none (dev mode only)', () => {
  it('has no challenge and accepts anything', async () => {
    const captcha = setup({ kind: 'none' }).captcha;
    expect(captcha.kind).toBe('none');
    expect(await captcha.createChallenge()).toBeNull();
    expect(await captcha.verify(undefined)).toBe(true);
  });
});

describe('widget solver', () => {
  it('matches altcha-lib on classic prefix challenges, odd-length prefixes included', async () => {
    for (const keyPrefix of ['0', 'a0', 'F']) {
      const challenge = await createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: 20,
        deriveKey,
        keyPrefix,
        hmacSignatureSecret: 's',
      });
      const { solution } = decode(await solveAltcha(challenge as AltchaChallenge, { concurrency: 1 }));
      // Without a key signature altcha-lib re-derives from the counter, so this checks the password bytes.
      const result = await verifySolution({
        challenge,
        solution: solution as { counter: number; derivedKey: string },
        deriveKey,
        hmacSignatureSecret: 's',
      });
      expect(result.verified).toBe(true);
      const reference = await solveChallenge({ challenge, deriveKey });
      expect(solution.counter).toBe(reference!.counter);
    }
  });

  it('reports progress and produces the payload shape ALTCHA clients send', async () => {
    const { captcha } = setup({ counterMax: 200 });
    const challenge = (await captcha.createChallenge()) as AltchaChallenge;
    const seen: number[] = [];
    const payload = decode(await solveAltcha(challenge, { onProgress: (n) => seen.push(n) }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(seen.map((_, i) => i + 1));
    expect(seen.at(-1)).toBeGreaterThan(payload.solution.counter as number);
    expect(Object.keys(payload).sort()).toEqual(['challenge', 'solution']);
    expect(payload.challenge).toEqual({ parameters: challenge.parameters, signature: challenge.signature });
    expect(Object.keys(payload.solution).sort()).toEqual(['counter', 'derivedKey', 'time']);
  });

  it('stops when aborted, before or during the search', async () => {
    const { captcha } = setup({ cost: 1000, counterMax: 100_000 });
    const challenge = (await captcha.createChallenge()) as AltchaChallenge;
    const before = new AbortController();
    before.abort();
    await expect(solveAltcha(challenge, { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const during = new AbortController();
    let last = 0;
    const run = solveAltcha(challenge, {
      signal: during.signal,
      onProgress: (n) => {
        last = n;
        if (n === 5) during.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    // Derivations still in flight finish, but report nothing after the abort.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(last).toBe(5);
  });

  it('refuses algorithms it cannot run', async () => {
    const challenge = {
      parameters: { algorithm: 'ARGON2ID', nonce: '00', salt: '00', cost: 1, keyPrefix: '00' },
    };
    await expect(solveAltcha(challenge)).rejects.toThrow(/unsupported/);
  });
});

describe('memory replay store', () => {
  it('claims once, and forgets ids after they expire', async () => {
    const clock = new FakeClock(0);
    const store = createMemoryReplayStore(() => clock.now());
    expect(await store.claim('a', 1000)).toBe(true);
    expect(await store.claim('a', 1000)).toBe(false);
    clock.advance(1000);
    expect(await store.claim('a', 5000)).toBe(true);
  });
});
