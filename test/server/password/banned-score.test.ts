// Microsoft Entra Password Protection vectors (SECURITY 34) for the banned-term scoring.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bannedScore, createTermIndex, requiredBannedScore } from '../../../server/password/banned-score.ts';
import { foldPassword } from '../../../server/password/normalize.ts';
import { readingsOf } from '../../../server/password/substitutions.ts';

const index = (terms: string[], fuzzy = true) => createTermIndex(terms.map((term) => ({ term, fuzzy })));
const score = (password: string, terms: string[], fuzzy = true) =>
  bannedScore(foldPassword(password), [index(terms, fuzzy)]);
const matched = (password: string, terms: string[]) =>
  score(password, terms)
    .cover.filter((c) => c.term !== undefined)
    .map((c) => c.term);

describe('Entra scoring (Microsoft examples, terms "contoso" and "blank")', () => {
  const terms = ['contoso', 'blank'];

  it('V4: C0ntos0Blank12 scores 4 (contoso, blank, 1, 2) and is rejected', () => {
    const r = score('C0ntos0Blank12', terms);
    expect(r.score).toBe(4);
    expect(r.score).toBeLessThan(requiredBannedScore);
    expect(r.cover).toEqual([
      { text: 'c0ntos0', term: 'contoso' },
      { text: 'blank', term: 'blank' },
      { text: '1' },
      { text: '2' },
    ]);
  });

  it('V5: ContoS0Bl@nkf9! scores 5 (contoso, blank, f, 9, !) and is accepted', () => {
    const r = score('ContoS0Bl@nkf9!', terms);
    expect(r.score).toBe(5);
    expect(r.score).toBeGreaterThanOrEqual(requiredBannedScore);
    expect(r.cover.map((c) => c.text)).toEqual(['contos0', 'bl@nk', 'f', '9', '!']);
  });

  it('V1: normalization, Bl@nK is "blank"', () => {
    expect(score('Bl@nK', terms)).toEqual({ score: 1, cover: [{ text: 'bl@nk', term: 'blank' }] });
  });
});

describe('fuzzy matching (V2: banned "abcdef")', () => {
  it.each([
    ['abcdeg', 1], // last character changed
    ['abcdefg', 2], // g appended: abcdef + g
    ['abcde', 1], // trailing f deleted
    ['bcdef', 1], // leading a deleted
    ['abcxdef', 1], // one character inserted inside
  ])('%s scores %i', (password, expected) => {
    expect(score(password, ['abcdef']).score).toBe(expected);
    expect(matched(password, ['abcdef'])).toEqual(['abcdef']);
  });

  it('counts an adjacent swap as two edits (Levenshtein), so it is no match', () => {
    expect(matched('abdcef', ['abcdef'])).toEqual([]);
  });

  it('never lets a term absorb an extra character at either end', () => {
    expect(score('xabcdefx', ['abcdef']).score).toBe(3);
    expect(score('blankf', ['blank']).cover.map((c) => c.text)).toEqual(['blank', 'f']);
    expect(score('fblank', ['blank']).cover.map((c) => c.text)).toEqual(['f', 'blank']);
  });

  it('does not edit across separators', () => {
    // "raven-" would be one edit from "ravens"; the dash still scores on its own
    expect(score('raven-59', ['ravens']).cover.map((c) => c.text)).toEqual(['raven', '-', '5', '9']);
  });

  it('exact-only terms match only exactly', () => {
    expect(score('abcdeg', ['abcdef'], false).score).toBe(6);
    expect(score('xxabcdefxx', ['abcdef'], false).score).toBe(5);
  });
});

describe('substitutions are alternatives', () => {
  it('reads 1 as l or i, and keeps it a digit otherwise', () => {
    expect(matched('b1ank', ['blank'])).toEqual(['blank']);
    expect(matched('pr1nce', ['prince'])).toEqual(['prince']);
    expect(matched('1ion', ['lion'])).toEqual(['lion']);
    expect(matched('1ris', ['iris'])).toEqual(['iris']);
    expect(score('2024', ['zozo']).score).toBe(4); // digits without a letter reading stay digits
  });

  it('reads common look-alikes ($ 5 @ 4 3 7 0 9 8 !)', () => {
    expect(matched('$umm3r', ['summer'])).toEqual(['summer']);
    expect(matched('5@f3ty', ['safety'])).toEqual(['safety']);
    expect(matched('m0nk3y', ['monkey'])).toEqual(['monkey']);
    expect(matched('dr49on', ['dragon'])).toEqual(['dragon']);
    expect(matched('7!ger', ['tiger'])).toEqual(['tiger']);
    expect(matched('8anana', ['banana'])).toEqual(['banana']);
  });

  it('spells terms in the same readings, so a leet term matches its plain form', () => {
    expect(matched('contoso', ['c0nt0s0'])).toEqual(['contoso']);
  });
});

describe('minimum cover', () => {
  it('chooses the cheapest non-overlapping set of matches, not the first one', () => {
    // greedy "abcd" first would leave e, f, g, h: 5 points; the minimum is a, b, "cdefgh": 3
    const r = bannedScore('abcdefgh', [index(['abcd', 'cdefgh'], false)]);
    expect(r.score).toBe(3);
    expect(r.cover.map((c) => c.text)).toEqual(['a', 'b', 'cdefgh']);
  });

  it('scores one point per uncovered character, counting code points', () => {
    expect(bannedScore('🦊🦊x', [index(['blank'])]).score).toBe(3);
  });

  it('is 0 for an empty password', () => {
    expect(bannedScore('', [index(['blank'])])).toEqual({ score: 0, cover: [] });
  });
});

// An independent, brute-force statement of the matching rule, to check the trie walk against.
function referenceScore(password: string, terms: readonly string[], fuzzyMin: number): number {
  const readings = readingsOf(password);
  const editable = readings.map((alts) => alts.some((c) => /[\p{L}\p{N}]/u.test(c)));
  const exact = (from: number, t: readonly string[]) => t.every((c, k) => readings[from + k]!.includes(c));
  const matches = (s: number, e: number, term: string): boolean => {
    const t = [...term];
    const len = e - s;
    if (len === t.length && exact(s, t)) return true;
    if (t.length < fuzzyMin) return false;
    if (len === t.length) {
      const wrong = t.map((_, k) => k).filter((k) => !readings[s + k]!.includes(t[k]!));
      return wrong.length === 1 && editable[s + wrong[0]!]!;
    }
    if (len === t.length - 1) return t.some((_, j) => exact(s, [...t.slice(0, j), ...t.slice(j + 1)]));
    if (len === t.length + 1)
      for (let i = s + 1; i < e - 1; i++) {
        if (!editable[i]) continue;
        const ok = t.every((c, k) => readings[k < i - s ? s + k : s + k + 1]!.includes(c));
        if (ok) return true;
      }
    return false;
  };
  const n = readings.length;
  const best = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    best[i] = 1 + best[i + 1]!;
    for (let e = i + 1; e <= n; e++)
      if (terms.some((t) => matches(i, e, t))) best[i] = Math.min(best[i]!, 1 + best[e]!);
  }
  return best[0]!;
}

describe('bannedScore against a brute-force reference', () => {
  it('agrees on random terms and passwords with look-alikes and separators', () => {
    const term = fc.string({ unit: fc.constantFrom('a', 'b', 'l', 'i'), minLength: 4, maxLength: 6 });
    const password = fc.string({
      unit: fc.constantFrom('a', 'b', 'l', 'i', '1', '!', '4', '-'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 4 }), password, (terms, p) => {
        const idx = createTermIndex(terms.map((t) => ({ term: t, fuzzy: t.length >= 5 })));
        const got = bannedScore(p, [idx]).score;
        expect(got).toBe(referenceScore(p, terms, 5));
        // the engine's shortcut relies on this bound
        expect(got).toBeGreaterThanOrEqual(Math.ceil([...p].length / idx.maxSpan));
      }),
      { numRuns: 1500 },
    );
  });
});
