// Tests of the one-edit predicate against the full optimal-string-alignment distance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { osaDistance, withinOneEdit } from '../../../server/password/edit-distance.ts';

describe('withinOneEdit', () => {
  it.each([
    ['password', 'password', true],
    ['password1', 'password', true],
    ['pasword', 'password', true],
    ['passwprd', 'password', true],
    ['psasword', 'password', true],
    ['passwrod', 'password', true],
    ['password12', 'password', false],
    ['drowssap', 'password', false],
    ['', 'a', true],
    ['', 'ab', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });

  it('agrees with osaDistance <= 1 on random strings over a small alphabet', () => {
    const s = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 7 });
    fc.assert(
      fc.property(s, s, (a, b) => withinOneEdit(a, b) === osaDistance(a, b) <= 1),
      { numRuns: 5000 },
    );
  });
});
