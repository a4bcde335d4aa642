// The context_word rule: the username, the organization's name or a policy-listed word inside the password.
import { foldPassword } from './normalize.ts';
import { primarySpelling, readingsOf } from './substitutions.ts';

/** Shorter words occur inside too many passwords by chance (NIST's "context-specific words", Entra's 4). */
export const contextWordMinLength = 4;

export type ContextSource = 'username' | 'organization' | 'policy';

export interface ContextWord {
  word: string;
  source: ContextSource;
}

function pieces(value: string, split: RegExp): string[] {
  const folded = foldPassword(value.trim());
  // the whole value, the value without separators ("Contoso Ltd" → "contosoltd") and each part alone
  return [folded, folded.replace(split, ''), ...folded.split(split)];
}

/**
 * The words a password must not contain: the typed username (whole, and for an email-like name its local
 * part and that part's pieces: "jane.doe@contoso.com" → "jane.doe", "jane", "doe" is too short), the
 * organization's name (whole and per word) and the policy's extra words. Each kept only from 4 characters.
 */
export function contextWords(input: {
  username?: string;
  organizationName: string;
  policyWords: readonly string[];
}): ContextWord[] {
  const out = new Map<string, ContextSource>();
  const add = (words: string[], source: ContextSource): void => {
    for (const w of words) if ([...w].length >= contextWordMinLength && !out.has(w)) out.set(w, source);
  };
  if (input.username !== undefined && input.username.trim() !== '') {
    const user = foldPassword(input.username.trim());
    add([user], 'username');
    const at = user.lastIndexOf('@');
    if (at > 0) add(pieces(user.slice(0, at), /[._+\-\s]+/g), 'username');
    else add(pieces(user, /[._+\-\s\\]+/g), 'username');
  }
  add(pieces(input.organizationName, /[\s.,&'-]+/g), 'organization');
  for (const w of input.policyWords) add(pieces(w, /[\s]+/g), 'policy');
  return [...out].map(([word, source]) => ({ word, source }));
}

/**
 * The first context word found inside a case-folded password, reading look-alikes as their letters
 * ("C0nt0so2024!" contains "contoso"); undefined when none is.
 */
export function findContextWord(folded: string, words: readonly ContextWord[]): ContextWord | undefined {
  const readings = readingsOf(folded);
  for (const w of words) {
    const chars = [...primarySpelling(w.word)];
    for (let start = 0; start + chars.length <= readings.length; start++) {
      let k = 0;
      while (k < chars.length && readings[start + k]!.includes(chars[k]!)) k++;
      if (k === chars.length) return w;
    }
  }
  return undefined;
}
