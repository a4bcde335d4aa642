// Microsoft Entra Password Protection vectors (SECURITY 34) for the banned-term scoring.
import { describe, expect, it } from 'vitest';
import { bannedScore, createTermIndex, requiredBannedScore } from '../../../server/password/banned-score.ts';
import { foldPassword } from '../../../server/password/normalize.ts';

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
