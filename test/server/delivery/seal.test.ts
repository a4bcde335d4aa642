// Sealing of outbox bodies: round trip, binding to the row, tamper and key-loss detection.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/clock.ts';
import { SealError, seal, unseal } from '../../../server/delivery/seal.ts';
import { generateSecrets, Keyring, rotateSecrets } from '../../../server/security/keyring.ts';

const clock = new FakeClock();
const keys = new Keyring(generateSecrets(clock.now()), clock);

describe('seal', () => {
  it('round-trips a JSON value and hides it', () => {
    const value = { v: 1, code: '48213907', vars: { org: 'Contoso' } };
    const s = seal(keys, value, 'outbox:1');
    expect(s.kid).toBe(keys.currentKid);
    expect(s.sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(s.sealed).not.toContain('48213907');
    expect(Buffer.from(s.sealed, 'base64url').toString('latin1')).not.toContain('48213907');
    expect(unseal(keys, s.kid, s.sealed, 'outbox:1')).toEqual(value);
  });

  it('uses a fresh IV each time', () => {
    const a = seal(keys, { x: 1 }, 'c');
    const b = seal(keys, { x: 1 }, 'c');
    expect(a.sealed).not.toBe(b.sealed);
  });

  it('refuses another context, an altered text, an unknown kid and another keyring', () => {
    const s = seal(keys, { code: '123456' }, 'outbox:a');
    expect(() => unseal(keys, s.kid, s.sealed, 'outbox:b')).toThrow(SealError);
    const raw = Buffer.from(s.sealed, 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => unseal(keys, s.kid, raw.toString('base64url'), 'outbox:a')).toThrow(SealError);
    expect(() => unseal(keys, 'h9', s.sealed, 'outbox:a')).toThrow(SealError);
    expect(() => unseal(keys, s.kid, 'abc', 'outbox:a')).toThrow(SealError);
    const other = new Keyring(generateSecrets(clock.now()), clock);
    expect(() => unseal(other, s.kid, s.sealed, 'outbox:a')).toThrow(SealError);
  });

  it('still opens with the previous key after one rotation', () => {
    const secrets = generateSecrets(clock.now());
    const before = new Keyring(secrets, clock);
    const s = seal(before, { code: '123456' }, 'c');
    const after = new Keyring(rotateSecrets(secrets, clock.now()), clock);
    expect(after.currentKid).not.toBe(s.kid);
    expect(unseal(after, s.kid, s.sealed, 'c')).toEqual({ code: '123456' });
  });
});
