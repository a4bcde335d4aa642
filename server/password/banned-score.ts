// Entra Password Protection scoring: banned terms found in a password (fuzzy, via look-alikes), points left.
import { primarySpelling, readingsOf } from './substitutions.ts';

/** Entra accepts a password only from this many points up. */
export const requiredBannedScore = 5;

/** A term to look for; `fuzzy` terms also match within one edit, the others only as exact substrings. */
export interface BannedTerm {
  term: string;
  fuzzy: boolean;
}

interface TrieNode {
  /** Child lookup by character. */
  children: Map<string, TrieNode>;
  /** The same children as parallel arrays: iterating them allocates nothing (the walk is the hot loop). */
  chars: string[];
  kids: TrieNode[];
  /** The term ending here, in primary spelling, if any. */
  term?: string;
  /** A term ending here may match within one edit. */
  fuzzy: boolean;
  /** Some term at or below this node is fuzzy: the one-edit branches are worth exploring. */
  fuzzyBelow: boolean;
}

/** A prepared set of terms (a trie over their primary spellings), built once and shared by every check. */
export interface TermIndex {
  /** Distinct terms. */
  readonly size: number;
  /** The most password characters one match can cover (longest term, plus one for a fuzzy insertion). */
  readonly maxSpan: number;
  /** @internal the trie root; read only by bannedScore */
  readonly root: TrieNode;
}

function node(): TrieNode {
  return { children: new Map(), chars: [], kids: [], fuzzy: false, fuzzyBelow: false };
}

/** Builds the trie for a list of already case-folded terms (duplicates merge; fuzzy wins over exact). */
export function createTermIndex(terms: Iterable<BannedTerm>): TermIndex {
  const root = node();
  const seen = new Set<string>();
  let maxSpan = 0;
  for (const { term, fuzzy } of terms) {
    const spelled = primarySpelling(term);
    if (spelled === '') continue;
    seen.add(spelled);
    let n = root;
    let length = 0;
    if (fuzzy) n.fuzzyBelow = true;
    for (const c of spelled) {
      let next = n.children.get(c);
      if (next === undefined) {
        next = node();
        n.children.set(c, next);
        n.chars.push(c);
        n.kids.push(next);
      }
      n = next;
      length++;
      if (fuzzy) n.fuzzyBelow = true;
    }
    n.term = spelled;
    if (fuzzy) n.fuzzy = true;
    maxSpan = Math.max(maxSpan, fuzzy ? length + 1 : length);
  }
  return { size: seen.size, maxSpan, root };
}

/** The state one search shares across its recursive steps (instead of a closure per start position). */
interface Search {
  readings: readonly string[][];
  /** Whether a fuzzy edit may touch this position (letters and digits only, see `spans`). */
  editable: readonly boolean[];
  n: number;
  /** end → term for the current start position. */
  found: Map<number, string>;
}

function walk(s: Search, at: TrieNode, pos: number, edits: number, aligned: boolean): void {
  if (at.term !== undefined && aligned && (edits === 0 || at.fuzzy) && !s.found.has(pos))
    s.found.set(pos, at.term);
  const fuzzyHere = edits === 0 && at.fuzzyBelow;
  const { chars, kids } = at;
  if (pos < s.n) {
    const alts = s.readings[pos]!;
    for (let a = 0; a < alts.length; a++) {
      const child = at.children.get(alts[a]!);
      if (child !== undefined) walk(s, child, pos + 1, edits, true);
    }
    if (fuzzyHere && s.editable[pos]) {
      for (let k = 0; k < kids.length; k++)
        if (kids[k]!.fuzzyBelow && !alts.includes(chars[k]!)) walk(s, kids[k]!, pos + 1, 1, true);
      // an extra password character, only strictly inside the span (the next step must align)
      if (aligned) walk(s, at, pos + 1, 1, false);
    }
  }
  // a term character missing from the password
  if (fuzzyHere)
    for (let k = 0; k < kids.length; k++) if (kids[k]!.fuzzyBelow) walk(s, kids[k]!, pos, 1, aligned);
}

/**
 * Every span [start, end) of the password that some term matches, as end → term per start.
 *
 * A span matches a term when each position's readings contain the term's character (exact) or, for fuzzy
 * terms, within one edit. The span must begin and end on a character aligned with the term: an inserted
 * password character at either end would let a term swallow a neighbour ("blank" + "f" in
 * "ContoS0Bl@nkf9!", which Microsoft scores as a separate point). Dropping the term's own first or last
 * character is still one edit ("abcde" matches "abcdef").
 */
function spans(readings: readonly string[][], index: TermIndex, out: Map<number, string>[]): void {
  const n = readings.length;
  // Separators (spaces, dashes, dots…) are never edited into a term, so "Raven-59" is not "ravens"+"9" and
  // "dragon ginger" not "dragons"+"ginger": a term cannot swallow the gap between two words.
  const editable = readings.map((alts) => alts.some((c) => /[\p{L}\p{N}]/u.test(c)));
  for (let start = 0; start < n; start++) {
    walk({ readings, editable, n, found: out[start]! }, index.root, start, 0, false);
  }
}

/** One piece of the cheapest cover: a matched term, or a single character that scores on its own. */
export interface CoverPart {
  text: string;
  term?: string;
}

export interface BannedScore {
  score: number;
  cover: CoverPart[];
}

/**
 * Scores a case-folded password the Entra way: one point per matched banned term, one point per character
 * not inside a match, minimized over every choice of non-overlapping matches (so a password cannot be
 * scored up by an unlucky greedy choice). Also returns the cover that reaches the minimum, for messages and
 * tests. Linear in the password length times the work of the trie walks from each position.
 */
export function bannedScore(folded: string, indexes: readonly TermIndex[]): BannedScore {
  const chars = [...folded];
  const readings = readingsOf(folded);
  const n = chars.length;
  const matches: Map<number, string>[] = Array.from({ length: n }, () => new Map());
  for (const index of indexes) if (index.size > 0) spans(readings, index, matches);
  const best = new Array<number>(n + 1).fill(0);
  const next = new Array<number>(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    best[i] = 1 + best[i + 1]!;
    next[i] = i + 1;
    for (const end of matches[i]!.keys()) {
      if (1 + best[end]! < best[i]!) {
        best[i] = 1 + best[end]!;
        next[i] = end;
      }
    }
  }
  const cover: CoverPart[] = [];
  for (let i = 0; i < n; i = next[i]!) {
    const end = next[i]!;
    const text = chars.slice(i, end).join('');
    const term = matches[i]!.get(end);
    cover.push(term !== undefined && end - i > 1 ? { text, term } : { text });
  }
  return { score: best[0]!, cover };
}
