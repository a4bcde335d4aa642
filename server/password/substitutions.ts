// Look-alike character readings (leetspeak) shared by banned-term scoring and context-word matching.

// Each character may stand for itself or for any of these letters; the first one is the "primary" reading
// that terms are spelled in. Kept deliberately small: every extra reading makes more spans match.
const table: Readonly<Record<string, readonly string[]>> = {
  '0': ['o'],
  '1': ['l', 'i'],
  '3': ['e'],
  '4': ['a'],
  '5': ['s'],
  '7': ['t'],
  '8': ['b'],
  '9': ['g'],
  '@': ['a'],
  $: ['s'],
  '!': ['i', 'l'],
  '|': ['l', 'i'],
  '+': ['t'],
  '(': ['c'],
  '€': ['e'],
  '£': ['l'],
  '¢': ['c'],
};

// "é" also reads as "e", so a name typed with or without its accent matches either way.
function withoutMarks(c: string): string {
  if (c.charCodeAt(0) < 0x80) return c; // ASCII has no marks: skip the NFD round trip on the hot path
  const base = c.normalize('NFD').replace(/\p{M}+/gu, '');
  return [...base].length === 1 ? base : c;
}

/**
 * Every reading of every code point of an already case-folded password: the character itself first, then
 * its look-alike letters and its unaccented letter. Substitutions are alternatives, not a rewrite, so a
 * '1' can stand for 'l' or 'i' or stay a digit, and each position is read independently.
 */
export function readingsOf(folded: string): string[][] {
  const out: string[][] = [];
  for (const c of folded) {
    const set = [c];
    for (const r of table[c] ?? []) if (!set.includes(r)) set.push(r);
    const bare = withoutMarks(c);
    if (!set.includes(bare)) set.push(bare);
    out.push(set);
  }
  return out;
}

/**
 * Spells a term in primary readings ("c0nt0s0" → "contoso", "zoë" → "zoe"), so that a term matches a
 * password position exactly when the term's character is one of that position's readings.
 */
export function primarySpelling(folded: string): string {
  let out = '';
  for (const c of folded) out += table[c]?.[0] ?? withoutMarks(c);
  return out;
}
