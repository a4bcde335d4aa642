// Tests of the context_word rule's word list and matching (SECURITY 36).
import { describe, expect, it } from 'vitest';
import { contextWords, findContextWord } from '../../../server/password/context-words.ts';
import { foldPassword } from '../../../server/password/normalize.ts';

const find = (password: string, input: Parameters<typeof contextWords>[0]) =>
  findContextWord(foldPassword(password), contextWords(input));

describe('contextWords', () => {
  it('takes the username, its local part and pieces, the organization and policy words, from 4 characters', () => {
    const words = contextWords({
      username: 'Jane.Doe@contoso.com',
      organizationName: 'Contoso Ltd',
      policyWords: ['Regain'],
    });
    expect(words).toEqual([
      { word: 'jane.doe@contoso.com', source: 'username' },
      { word: 'jane.doe', source: 'username' },
      { word: 'janedoe', source: 'username' },
      { word: 'jane', source: 'username' },
      { word: 'contoso ltd', source: 'organization' },
      { word: 'contosoltd', source: 'organization' },
      { word: 'contoso', source: 'organization' },
      { word: 'regain', source: 'policy' },
    ]);
  });

  it('splits down-level names (DOMAIN\\user)', () => {
    const words = contextWords({
      username: 'CONTOSO\\marguerite',
      organizationName: 'Fabrikam',
      policyWords: [],
    });
    expect(words.map((w) => w.word)).toContain('marguerite');
  });

  it('ignores a missing or blank username', () => {
    expect(contextWords({ username: '  ', organizationName: 'Acme', policyWords: [] })).toEqual([
      { word: 'acme', source: 'organization' },
    ]);
  });
});

describe('findContextWord', () => {
  const input = { username: 'marguerite', organizationName: 'Contoso', policyWords: [] };

  it('finds the organization name in any case and through look-alikes', () => {
    expect(find('Contoso2024!', input)?.source).toBe('organization');
    expect(find('xxC0NT0S0xx', input)?.source).toBe('organization');
  });

  it('finds the username', () => {
    expect(find('Marguerite-Sky-88', input)?.source).toBe('username');
  });

  it('finds nothing in an unrelated password', () => {
    expect(find('Tulip-Harbor-42', input)).toBeUndefined();
    expect(find('Contos-o', input)).toBeUndefined();
  });
});
