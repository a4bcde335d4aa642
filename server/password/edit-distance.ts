// Bounded edit distance: "at most one edit apart", the only distance the password rules ever ask about.

/**
 * True when `a` and `b` are at most one edit apart, where an edit is an insertion, a deletion, a
 * substitution or a swap of two adjacent characters (optimal-string-alignment / restricted Damerau).
 * Compares UTF-16 code units; callers compare normalized strings, and a surrogate pair only ever turns one
 * code-point edit into a no-match, never into a false match. Runs in O(min(|a|, |b|)).
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la > lb) return withinOneEdit(b, a);
  if (lb - la > 1) return false;
  let i = 0;
  while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la) return true; // equal, or b is a with one character appended
  if (la === lb) {
    // substitution at i, or a swap of i and i+1
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      a.slice(i + 2) === b.slice(i + 2)
    );
  }
  // b is one longer: skip b[i]
  return a.slice(i) === b.slice(i + 1);
}

/**
 * Full optimal-string-alignment distance by dynamic programming: the slow reference that property tests
 * and the naive benchmark baseline check `withinOneEdit` and the indexes against.
 */
export function osaDistance(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  const d: number[][] = [];
  for (let i = 0; i <= la; i++) {
    const row: number[] = new Array<number>(lb + 1).fill(0);
    row[0] = i;
    d.push(row);
  }
  for (let j = 0; j <= lb; j++) d[0]![j] = j;
  for (let i = 1; i <= la; i++) {
    for (let j = 1; j <= lb; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[la]![lb]!;
}
