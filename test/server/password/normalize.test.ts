// Tests of password normalization and length counting: NFKC, code points, no truncation (SECURITY 31, 32).
import { describe, expect, it } from 'vitest';
import { codePointLength, foldPassword, normalizePassword } from '../../../server/password/normalize.ts';

describe('normalizePassword', () => {
  it('makes NFKC-equivalent passwords equal (é precomposed vs e + combining acute)', () => {
    const precomposed = 'caf\u00e9-Harbor-42';
    const decomposed = 'cafe\u0301-Harbor-42';
    expect(precomposed).not.toBe(decomposed);
    expect(normalizePassword(precomposed)).toBe(normalizePassword(decomposed));
  });

  it('folds compatibility forms (full-width digits and letters)', () => {
    expect(normalizePassword('\uff30\uff41\uff53\uff53\uff11')).toBe('Pass1');
  });

  it('never truncates: a 100-character password and its 99-character prefix stay different', () => {
    const full = 'x7#Lq'.repeat(20);
    const prefix = full.slice(0, 99);
    expect(normalizePassword(full)).toBe(full);
    expect(normalizePassword(full)).not.toBe(normalizePassword(prefix));
    expect(codePointLength(normalizePassword(full))).toBe(100);
    expect(codePointLength(normalizePassword(prefix))).toBe(99);
  });

  it('keeps spaces, including leading and trailing ones', () => {
    expect(normalizePassword('  two spaces  ')).toBe('  two spaces  ');
  });
});

describe('codePointLength', () => {
  it('counts an emoji as one character', () => {
    expect('🦊'.length).toBe(2);
    expect(codePointLength('🦊')).toBe(1);
    expect(codePointLength('Tulip🦊🦊🦊')).toBe(8);
  });
});

describe('foldPassword', () => {
  it('normalizes then lowercases', () => {
    expect(foldPassword('PASSWORD\uff11')).toBe('password1');
  });
});
