// Banned-term sources for the banned_score rule: the shipped curated list and the rules for custom terms.
import { readFile } from 'node:fs/promises';
import { foldPassword } from './normalize.ts';

/** Entra's limits for a custom banned term, which Regain applies to every listed term. */
export const bannedTermMinLength = 4;
export const bannedTermMaxLength = 16;
/** Entra allows at most 1000 custom terms per organization. */
export const maxOrganizationTerms = 1000;

let curated: Promise<readonly string[]> | undefined;

/**
 * The curated base terms shipped in data/banned-terms.txt (derived by data/derive-banned-terms.ts), folded
 * and deduplicated. Read once per process; later calls share the same promise.
 */
export function loadCuratedTerms(): Promise<readonly string[]> {
  curated ??= readFile(new URL('./data/banned-terms.txt', import.meta.url), 'utf8').then((text) => {
    const terms = new Set<string>();
    for (const line of text.split('\n')) {
      const t = foldPassword(line.trim());
      if (t !== '' && !t.startsWith('#')) terms.add(t);
    }
    return [...terms];
  });
  curated.catch(() => {
    curated = undefined; // a failed read may be retried by the next engine
  });
  return curated;
}

/**
 * Checks an organization's custom terms against Entra's limits (at most 1000, each 4–16 characters) and
 * returns them folded. Throws a RangeError naming the offending term: the policy schema should already have
 * refused it, so reaching this is a configuration bug, not user input.
 */
export function organizationTerms(terms: readonly string[]): string[] {
  if (terms.length > maxOrganizationTerms)
    throw new RangeError(`bannedTerms: at most ${maxOrganizationTerms} terms, got ${terms.length}`);
  return terms.map((raw) => {
    const t = foldPassword(raw.trim());
    const n = [...t].length;
    if (n < bannedTermMinLength || n > bannedTermMaxLength)
      throw new RangeError(
        `bannedTerms: "${raw}" must be ${bannedTermMinLength}-${bannedTermMaxLength} characters`,
      );
    return t;
  });
}

/**
 * The user's given and family names as substring-only terms: names shorter than 4 characters are ignored
 * (as in Entra), because short names occur inside too many unrelated words.
 */
export function nameTerms(...names: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (name === undefined) continue;
    // a multi-part name ("Mary Ann") is checked whole and per part
    const folded = foldPassword(name.trim());
    for (const part of new Set([folded, folded.replace(/[\s'-]+/g, ''), ...folded.split(/[\s'-]+/)]))
      if ([...part].length >= bannedTermMinLength) out.push(part);
  }
  return out;
}
