// Tests of the whole password policy engine (SECURITY 30–36) with the default lists and Microsoft's examples.
import { describe, expect, it } from 'vitest';
import { bannedScore, createTermIndex } from '../../../server/password/banned-score.ts';
import { nameTerms } from '../../../server/password/banned-terms.ts';
import {
  type CheckContext,
  createPasswordEngine,
  defaultPasswordPolicy,
  type PasswordPolicy,
} from '../../../server/password/engine.ts';

const contoso: CheckContext = { authenticated: false, organizationName: 'Contoso' };
const policy = (over: Partial<PasswordPolicy> = {}): PasswordPolicy => ({
  ...defaultPasswordPolicy,
  ...over,
});
const rules = (r: { violations: { rule: string }[] }) => r.violations.map((v) => v.rule);

// Deterministic strong-looking strings of any length (no dictionary words, no context words).
function noise(
  length: number,
  seed = 7,
  alphabet = 'bcdfghjkmnpqrtvwxzBCDFGHJKMNPQRTVWXZ23456789#%&*+=?',
): string {
  let s = '';
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += alphabet[(x >>> 16) % alphabet.length];
  }
  return s;
}

describe('default engine', async () => {
  const engine = await createPasswordEngine(defaultPasswordPolicy);

  it('exposes the effective bounds', () => {
    expect(engine.minLength).toBe(8);
    expect(engine.maxLength).toBe(256);
  });

  it.each(['Tulip-Harbor-42', 'Maple-Crane-77', 'Violet-Anchor-19', 'Granite-Falcon-63'])(
    'accepts the demo password %s for organization Contoso',
    async (password) => {
      expect(await engine.check(password, contoso)).toEqual({ accepted: true, violations: [] });
    },
  );

  it('accepts "correct horse battery staple" (no composition rules, SECURITY 33)', async () => {
    expect(await engine.check('correct horse battery staple', contoso)).toEqual({
      accepted: true,
      violations: [],
    });
  });

  it('accepts an all-lowercase passphrase of 16+ characters', async () => {
    expect((await engine.check('lantern otter quill', contoso)).accepted).toBe(true);
  });

  it.each(['password1', 'Passw0rd!'])('rejects %s as common_password', async (password) => {
    const r = await engine.check(password, contoso);
    expect(r.accepted).toBe(false);
    expect(rules(r)).toContain('common_password');
    expect(r.violations.find((v) => v.rule === 'common_password')?.params).toEqual({});
  });

  it('rejects Contoso2024! as context_word for organization Contoso', async () => {
    const r = await engine.check('Contoso2024!', contoso);
    expect(r.accepted).toBe(false);
    expect(r.violations).toContainEqual({ rule: 'context_word', params: { source: 'organization' } });
  });

  it('rejects the organization name written with look-alikes', async () => {
    expect(rules(await engine.check('C0nt0s0-Harbor-42', contoso))).toEqual(['context_word']);
  });

  it('rejects the typed username, and the local part of an email-like username', async () => {
    const ctx = { ...contoso, username: 'marguerite.oduya@contoso.com' };
    expect((await engine.check('Marguerite-Sky-88', ctx)).violations).toEqual([
      { rule: 'context_word', params: { source: 'username' } },
    ]);
    expect(rules(await engine.check('Oduya-Harbor-42', ctx))).toEqual(['context_word']);
    expect((await engine.check('Tulip-Harbor-42', ctx)).accepted).toBe(true);
  });

  it('rejects banned-term recombinations with their score', async () => {
    const r = await engine.check('Summer2024!', contoso);
    expect(r.violations).toContainEqual({ rule: 'banned_score', params: { score: 3, required: 5 } });
  });

  it('reports every violated rule, not only the first', async () => {
    const r = await engine.check('Passwor', contoso);
    expect(rules(r)).toEqual(['length', 'common_password', 'banned_score']);
    expect(r.violations[0]).toEqual({ rule: 'length', params: { min: 8, max: 256, length: 7 } });
  });

  it('accepts nearly every random 12-character password (the curated terms are not over-eager)', async () => {
    let accepted = 0;
    for (let seed = 1; seed <= 300; seed++)
      if ((await engine.check(noise(12, seed), contoso)).accepted) accepted++;
    expect(accepted).toBeGreaterThanOrEqual(297);
  });
});

describe('length (SECURITY 30–32)', async () => {
  const engine = await createPasswordEngine(defaultPasswordPolicy);
  const single = await createPasswordEngine(policy({ onlyFactor: true }));

  it('rejects 7 characters and accepts 8', async () => {
    const seven = await engine.check(noise(7), contoso);
    expect(seven.violations).toEqual([{ rule: 'length', params: { min: 8, max: 256, length: 7 } }]);
    expect(await engine.check(noise(8), contoso)).toEqual({ accepted: true, violations: [] });
  });

  it('asks 15 when the password is the only factor: 14 rejected, 15 accepted', async () => {
    expect(single.minLength).toBe(15);
    expect((await single.check(noise(14), contoso)).violations).toEqual([
      { rule: 'length', params: { min: 15, max: 256, length: 14 } },
    ]);
    expect((await single.check(noise(15), contoso)).accepted).toBe(true);
  });

  it('accepts 64 and 256 characters and rejects 257', async () => {
    expect((await engine.check(noise(64), contoso)).accepted).toBe(true);
    expect((await engine.check(noise(256), contoso)).accepted).toBe(true);
    expect((await engine.check(noise(257), contoso)).violations).toEqual([
      { rule: 'length', params: { min: 8, max: 256, length: 257 } },
    ]);
  });

  it('counts code points: 8 emoji are 8 characters', async () => {
    expect((await engine.check('🦊🐙🦉🐝🦋🐢🦔🐬', contoso)).accepted).toBe(true);
    expect((await engine.check('🦊🐙🦉🐝🦋🐢🦔', contoso)).violations[0]?.params.length).toBe(7);
  });

  it('never truncates: the full 100-character password reaches the history check, not a prefix', async () => {
    const full = noise(100);
    const seen: string[] = [];
    const ctx: CheckContext = {
      ...contoso,
      authenticated: true,
      inHistory: async (p) => {
        seen.push(p);
        return p === full.slice(0, 99);
      },
    };
    expect((await engine.check(full, ctx)).accepted).toBe(true);
    expect(rules(await engine.check(full.slice(0, 99), ctx))).toEqual(['history']);
    expect(seen).toEqual([full, full.slice(0, 99)]);
  });

  it('hands the NFKC form to the history check, so é and e + U+0301 are the same password', async () => {
    const seen: string[] = [];
    const ctx: CheckContext = {
      ...contoso,
      authenticated: true,
      inHistory: async (p) => {
        seen.push(p);
        return false;
      },
    };
    await engine.check('Caf\u00e9-Harbor-42', ctx);
    await engine.check('Cafe\u0301-Harbor-42', ctx);
    expect(seen[0]).toBe(seen[1]);
  });
});

describe("Microsoft's examples: custom terms contoso and blank only", async () => {
  const engine = await createPasswordEngine(policy({ bannedTerms: ['contoso', 'blank'] }), {
    curatedTerms: false,
    commonList: false,
  });
  const ctx: CheckContext = { authenticated: false, organizationName: 'Fabrikam' };

  it('rejects C0ntos0Blank12 with 4 points', async () => {
    expect(await engine.check('C0ntos0Blank12', ctx)).toEqual({
      accepted: false,
      violations: [{ rule: 'banned_score', params: { score: 4, required: 5 } }],
    });
  });

  it('accepts ContoS0Bl@nkf9! with 5 points', async () => {
    expect(await engine.check('ContoS0Bl@nkf9!', ctx)).toEqual({ accepted: true, violations: [] });
    const terms = createTermIndex(['contoso', 'blank'].map((term) => ({ term, fuzzy: true })));
    expect(bannedScore('contos0bl@nkf9!', [terms]).score).toBe(5);
  });

  it('V7: refuses more than 1000 custom terms, and terms outside 4–16 characters', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => `term${i}`);
    await expect(
      createPasswordEngine(policy({ bannedTerms: many }), { commonList: false }),
    ).resolves.toBeDefined();
    await expect(createPasswordEngine(policy({ bannedTerms: [...many, 'extra'] }))).rejects.toThrow(
      RangeError,
    );
    await expect(createPasswordEngine(policy({ bannedTerms: ['abc'] }))).rejects.toThrow(RangeError);
    await expect(createPasswordEngine(policy({ bannedTerms: ['a'.repeat(17)] }))).rejects.toThrow(RangeError);
  });
});

describe('names and history only once authenticated (SECURITY 34, 36)', async () => {
  const engine = await createPasswordEngine(defaultPasswordPolicy, {
    curatedTerms: false,
    commonList: false,
  });
  const base: CheckContext = { authenticated: false, organizationName: 'Contoso', givenName: 'Rosalind' };
  const always = async () => true;

  it('ignores the given name in an unauthenticated check', async () => {
    expect(await engine.check('Rosalind#7x', base)).toEqual({ accepted: true, violations: [] });
  });

  it('scores the given name as a term once authenticated', async () => {
    expect((await engine.check('Rosalind#7x', { ...base, authenticated: true })).violations).toEqual([
      { rule: 'banned_score', params: { score: 4, required: 5 } },
    ]);
  });

  it('matches the family name through look-alikes', async () => {
    const ctx = { ...base, authenticated: true, familyName: 'Franklin' };
    expect(rules(await engine.check('Fr@nk1in#7x', ctx))).toEqual(['banned_score']);
  });

  it('V3/V6: a name counts as a term from 4 characters up (Poll in p0LL23fb); a shorter one (Pol) is ignored', async () => {
    const names = (given: string) =>
      createTermIndex(nameTerms(given).map((term) => ({ term, fuzzy: false })));
    expect(bannedScore('p0ll23fb', [names('Poll')]).cover[0]).toEqual({ text: 'p0ll', term: 'poll' });
    expect(bannedScore('p0ll23fb', [names('Poll')]).score).toBe(5);
    expect(nameTerms('Pol')).toEqual([]);
    expect(bannedScore('p0l123fb', [names('Pol')]).score).toBe(8);
    // scored like any other term: twice in one password, the name makes the difference
    expect(
      rules(await engine.check('p0LL23fb', { ...base, authenticated: true, givenName: 'Poll' })),
    ).toEqual([]);
    expect(
      rules(await engine.check('p0LL!p0LL', { ...base, authenticated: true, givenName: 'Poll' })),
    ).toEqual(['banned_score']);
    expect(
      rules(await engine.check('p0LL!p0LL', { ...base, authenticated: true, givenName: 'Pol' })),
    ).toEqual([]);
  });

  it('never reports history without authentication, and never asks the directory', async () => {
    let asked = 0;
    const inHistory = async () => {
      asked++;
      return true;
    };
    expect(await engine.check('Tulip-Harbor-42', { ...base, inHistory })).toEqual({
      accepted: true,
      violations: [],
    });
    expect(asked).toBe(0);
    expect(
      (await engine.check('Tulip-Harbor-42', { ...base, authenticated: true, inHistory })).violations,
    ).toEqual([{ rule: 'history', params: { count: 5 } }]);
    expect(asked).toBe(1);
  });

  it('skips history when the policy keeps none', async () => {
    const none = await createPasswordEngine(policy({ historyCount: 0 }), {
      curatedTerms: false,
      commonList: false,
    });
    expect(
      (await none.check('Tulip-Harbor-42', { ...base, authenticated: true, inHistory: always })).accepted,
    ).toBe(true);
  });
});

describe('classes (opt-in, Azure parity)', async () => {
  const off = await createPasswordEngine(defaultPasswordPolicy);
  const on = await createPasswordEngine(policy({ requireClasses: true }));

  it('is not checked unless opted in', async () => {
    expect(rules(await off.check('lantern otter quill', contoso))).toEqual([]);
  });

  it('asks 3 of 4 classes when opted in', async () => {
    expect((await on.check('lantern otter quill', contoso)).violations).toEqual([
      { rule: 'classes', params: { required: 3, found: 2 } },
    ]);
    expect((await on.check('Tulip-Harbor-42', contoso)).accepted).toBe(true);
  });
});

describe('policy words', async () => {
  const engine = await createPasswordEngine(policy({ contextWords: ['Regain'] }), { curatedTerms: false });

  it('rejects an extra context word the policy lists', async () => {
    expect((await engine.check('Regain-Harbor-42', contoso)).violations).toEqual([
      { rule: 'context_word', params: { source: 'policy' } },
    ]);
  });
});
