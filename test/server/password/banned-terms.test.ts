// Tests of the curated banned-term list, its derivation, and the limits on custom and name terms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadCuratedTerms,
  maxOrganizationTerms,
  nameTerms,
  organizationTerms,
} from '../../../server/password/banned-terms.ts';
import { defaultCommonListFile } from '../../../server/password/common-list.ts';
import { deriveBannedTerms } from '../../../server/password/data/derive-banned-terms.ts';

describe('curated terms', () => {
  it('holds 2,000–5,000 terms of 4–16 lowercase letters or digits', async () => {
    const terms = await loadCuratedTerms();
    expect(terms.length).toBeGreaterThanOrEqual(2000);
    expect(terms.length).toBeLessThanOrEqual(5000);
    for (const t of terms) expect(t).toMatch(/^(?:[a-z]{4,16}|[0-9]{4,16})$/);
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('includes the classics', async () => {
    const terms = await loadCuratedTerms();
    for (const t of [
      'password',
      'welcome',
      'qwerty',
      'letmein',
      'admin',
      'summer',
      'winter',
      'monkey',
      'dragon',
    ])
      expect(terms).toContain(t);
  });

  it('is loaded once', () => {
    expect(loadCuratedTerms()).toBe(loadCuratedTerms());
  });

  it('is exactly what derive-banned-terms.ts produces from the top-1M list (reproducible)', async () => {
    const derived = deriveBannedTerms(readFileSync(defaultCommonListFile(), 'utf8').split('\n'));
    expect([...(await loadCuratedTerms())].sort()).toEqual(derived);
  });
});

describe('organization terms', () => {
  it('folds terms and accepts up to 1000', () => {
    expect(organizationTerms(['Contoso', 'BLANK'])).toEqual(['contoso', 'blank']);
    expect(
      organizationTerms(Array.from({ length: maxOrganizationTerms }, (_, i) => `term${i}`)),
    ).toHaveLength(1000);
  });

  it('refuses a 1001st term and terms outside 4–16 characters', () => {
    expect(() => organizationTerms(Array.from({ length: 1001 }, (_, i) => `term${i}`))).toThrow(RangeError);
    expect(() => organizationTerms(['abc'])).toThrow(/4-16/);
    expect(() => organizationTerms(['abcdefghijklmnopq'])).toThrow(RangeError);
  });
});

describe('name terms', () => {
  it('keeps names of 4 characters or more, whole and per part', () => {
    expect(nameTerms('Rosalind', 'Li')).toEqual(['rosalind']);
    expect(nameTerms('Mary Ann', undefined)).toEqual(['mary ann', 'maryann', 'mary']);
    expect(nameTerms('Pol')).toEqual([]);
    expect(nameTerms(undefined, undefined)).toEqual([]);
  });
});
