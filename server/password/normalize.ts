// Password normalization: the one place that decides which strings count as "the same password".

/**
 * NFKC-normalizes a password (NIST SP 800-63B §5.1.1.2), so that canonically or compatibly equivalent
 * inputs ("é" vs "e" + U+0301, full-width digits) hash and compare equal. Never trims or truncates:
 * every character the user typed stays significant.
 */
export function normalizePassword(s: string): string {
  return s.normalize('NFKC');
}

/** Length in Unicode code points, so an emoji or an astral character counts as one, not two UTF-16 units. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The case-folded form the lists are compared in: NFKC, then lowercase (lists store it the same way). */
export function foldPassword(s: string): string {
  return normalizePassword(s).toLowerCase();
}
