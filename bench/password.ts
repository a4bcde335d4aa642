// Benchmark of the password engine: breached-list index vs a naive scan (latency, memory), and whole checks.
//
// Run: node --import tsx bench/password.ts
// Deterministic sample (2,000 passwords); the naive scan of the 1M list uses the first 200 of them only.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type CommonList,
  createCommonList,
  defaultCommonListFile,
  readCommonListEntries,
} from '../server/password/common-list.ts';
import { withinOneEdit } from '../server/password/edit-distance.ts';
import { createPasswordEngine, defaultPasswordPolicy } from '../server/password/engine.ts';
import { foldPassword } from '../server/password/normalize.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const sampleSize = 2000;
const naiveSampleFor1M = 200;
const minLength = defaultPasswordPolicy.minLength;

// A small LCG: the sample must be the same on every run and every machine.
let state = 20260101;
function random(): number {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 32;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%&*-_';
const words =
  'acorn anchor basket beacon bramble cabin cactus candle canyon cedar cobalt comet copper crane falcon fossil garden glacier granite gravel harbor hazel lantern maple meadow otter pebble quartz quill raven saddle spruce summit thistle timber tulip velvet violet walnut willow'.split(
    ' ',
  );

function oneEdit(p: string): string {
  const i = Math.floor(random() * (p.length + 1));
  const c = pick([...alphabet]);
  switch (Math.floor(random() * 4)) {
    case 0:
      return p.slice(0, i) + c + p.slice(i); // insertion
    case 1:
      return p.slice(0, i) + c + p.slice(i + 1); // substitution
    case 2:
      return p.slice(0, i) + p.slice(i + 1); // deletion
    default:
      return i + 1 < p.length ? p.slice(0, i) + p[i + 1] + p[i] + p.slice(i + 2) : `${p}1`; // swap
  }
}

function strong(): string {
  if (random() < 0.5) {
    let s = '';
    const n = 10 + Math.floor(random() * 10);
    for (let i = 0; i < n; i++) s += pick([...alphabet]);
    return s;
  }
  const w = () => pick(words).replace(/^./, (c) => c.toUpperCase());
  return `${w()}-${w()}-${10 + Math.floor(random() * 90)}`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(
  fn: (p: string) => unknown,
  sample: readonly string[],
): { p50: number; p99: number; hits: number } {
  for (const p of sample.slice(0, 100)) fn(p); // warm up the JIT
  const times: number[] = [];
  let hits = 0;
  for (const p of sample) {
    const t0 = performance.now();
    if (fn(p)) hits++;
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), hits };
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const us = (v: number): string => (v < 100 ? v.toFixed(1) : v.toFixed(0));

function memory(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`list: ${defaultCommonListFile()}`);
  const top = await readCommonListEntries({ entries: 1_000_000, minLength: 1 });
  // Sample: 40% list members (half from the top 100k, half beyond), 30% one edit away from a member, 30% strong.
  const sample: string[] = [];
  while (sample.length < sampleSize) {
    const r = random();
    const member = random() < 0.5 ? top[Math.floor(random() * 90_000)]! : pick(top);
    if (r < 0.4) sample.push(member);
    else if (r < 0.7) sample.push(oneEdit(member));
    else sample.push(strong());
  }
  const folded = sample.map(foldPassword);
  console.log(`sample: ${sampleSize} passwords (40% list members, 30% one edit away, 30% strong)\n`);

  const rows: string[][] = [];
  const header = [
    'list',
    'kept',
    'index keys',
    'load ms',
    'RSS Δ MB',
    'heap Δ MB',
    'buffers Δ MB',
    'index p50 µs',
    'index p99 µs',
    'naive p50 µs',
    'naive p99 µs',
    'p50 ratio',
    'p99 ratio',
    'naive n',
    'agree',
  ];
  const kept: CommonList[] = []; // keeps both indexes alive so each memory delta is its own
  for (const entries of [100_000, 1_000_000]) {
    const before = memory();
    const t0 = performance.now();
    const list = createCommonList(await readCommonListEntries({ entries, minLength }));
    const loadMs = performance.now() - t0;
    const after = memory();
    kept.push(list);

    const raw = await readCommonListEntries({ entries, minLength });
    const naive = (p: string): boolean => {
      for (const e of raw) if (withinOneEdit(p, e)) return true;
      return false;
    };
    const indexed = time((p) => list.isCommon(p), folded);
    const naiveSample = entries >= 1_000_000 ? folded.slice(0, naiveSampleFor1M) : folded;
    const scanned = time(naive, naiveSample);
    const agree = naiveSample.every((p) => naive(p) === list.isCommon(p));
    rows.push([
      `${entries / 1000}k`,
      String(list.size),
      String(list.keys),
      loadMs.toFixed(0),
      mb(after.rss - before.rss),
      mb(after.heapUsed - before.heapUsed),
      mb(after.arrayBuffers - before.arrayBuffers),
      us(indexed.p50),
      us(indexed.p99),
      us(scanned.p50),
      us(scanned.p99),
      `${(scanned.p50 / indexed.p50).toFixed(0)}×`,
      `${(scanned.p99 / indexed.p99).toFixed(0)}×`,
      String(naiveSample.length),
      agree ? 'yes' : 'NO',
    ]);
  }
  print(
    'Breached-list check (common_password): wildcard index vs naive scan of the same entries',
    header,
    rows,
  );

  const engineRows: string[][] = [];
  for (const entries of [100_000, 1_000_000]) {
    const engine = await createPasswordEngine({ ...defaultPasswordPolicy, commonList: { entries } });
    const ctx = { authenticated: false, organizationName: 'Contoso', username: 'marguerite@contoso.com' };
    for (const p of sample.slice(0, 100)) await engine.check(p, ctx);
    const times: number[] = [];
    let accepted = 0;
    for (const p of sample) {
      const t0 = performance.now();
      if ((await engine.check(p, ctx)).accepted) accepted++;
      times.push((performance.now() - t0) * 1000);
    }
    times.sort((a, b) => a - b);
    engineRows.push([
      `${entries / 1000}k`,
      us(percentile(times, 50)),
      us(percentile(times, 99)),
      us(times[times.length - 1]!),
      `${accepted}/${sampleSize}`,
    ]);
  }
  print(
    'Whole engine.check (length, common list, banned score over the curated terms, context words)',
    ['list', 'p50 µs', 'p99 µs', 'max µs', 'accepted'],
    engineRows,
  );
  const rss = process.memoryUsage().rss;
  console.log(
    `process RSS at the end: ${mb(rss)} MB; total bench time ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `The naive 1M scan times only the first ${naiveSampleFor1M} sample passwords (a full run would take minutes).`,
  );
  if (kept.length === 0) console.log(''); // read `kept` so the indexes stay reachable until here
}

function print(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(title);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('');
}

await main();
