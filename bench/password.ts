// Benchmark of the password engine: breached-list index vs a naive scan (latency, memory), and whole checks.
//
// Run: node --import tsx bench/password.ts
// Deterministic sample (2,000 passwords); the naive scan of the 1M list uses the first 200 of them only.
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bannedScore, createTermIndex, requiredBannedScore } from '../server/password/banned-score.ts';
import { loadCuratedTerms } from '../server/password/banned-terms.ts';
import {
  type CommonList,
  createCommonListAsync,
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
  `acorn anchor apron arrow badge bamboo banjo barley basket beacon bench biscuit blanket bonnet bottle bramble
  bridge bucket cabin cactus camera candle canyon carpet castle cedar cellar chalk cherry chimney cinder cobalt
  comet copper coral cotton crane crayon crystal cushion daisy desert dolphin donkey easel ember engine falcon
  feather fender ferry fiddle flannel forest fossil fountain garden garlic ginger glacier goblet granite gravel
  hammer harbor hazel helmet honey island ivory jacket jigsaw kettle ladder lantern lemon linen lizard lobster
  locket magnet maple marble meadow mitten mosaic mustard nectar needle nutmeg oasis olive orchid otter oyster
  paddle pebble pepper pillow planet plaster pocket puzzle quartz quill radish raven ribbon river saddle satin
  shovel sparrow spruce squash statue summit tablet teapot thimble thistle timber toffee tulip tunnel velvet
  violet walnut wagon willow window zebra`.split(/\s+/);

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
  return wordsAndNumber();
}

function wordsAndNumber(): string {
  const w = () => pick(words).replace(/^./, (c) => c.toUpperCase());
  return `${w()}-${w()}-${10 + Math.floor(random() * 90)}`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Wall-clock and CPU time per call. The CPU time (process.cpuUsage around each call) leaves out time spent
 * preempted by other processes, so its p99 stays meaningful on a shared, loaded machine.
 */
function time(
  fn: (p: string) => unknown,
  sample: readonly string[],
): { p50: number; p99: number; cpu50: number; cpu99: number; hits: number } {
  for (const p of sample.slice(0, 100)) fn(p); // warm up the JIT
  const times: number[] = [];
  const cpu: number[] = [];
  let hits = 0;
  for (const p of sample) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (fn(p)) hits++;
    times.push((performance.now() - t0) * 1000);
    const c = process.cpuUsage(c0);
    cpu.push(c.user + c.system);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    cpu50: percentile(cpu, 50),
    cpu99: percentile(cpu, 99),
    hits,
  };
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const us = (v: number): string => (v < 100 ? v.toFixed(1) : v.toFixed(0));

function memory(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

/** The fixed sample: 40% list members (half from the top 100k, half beyond), 30% one edit away, 30% strong. */
async function makeSample(): Promise<string[]> {
  const top = await readCommonListEntries({ entries: 1_000_000, minLength: 1 });
  const sample: string[] = [];
  while (sample.length < sampleSize) {
    const r = random();
    const member = random() < 0.5 ? top[Math.floor(random() * 90_000)]! : pick(top);
    if (r < 0.4) sample.push(member);
    else if (r < 0.7) sample.push(oneEdit(member));
    else sample.push(strong());
  }
  return sample; // the 1M-entry array is garbage from here on, so it does not weigh on later GCs
}

/** The baseline: the same entries in a plain array, every one compared with the password. */
async function naiveRow(entries: number, sample: readonly string[], list: CommonList) {
  const raw = await readCommonListEntries({ entries, minLength });
  const naive = (p: string): boolean => {
    for (const e of raw) if (withinOneEdit(p, e)) return true;
    return false;
  };
  const scanned = time(naive, sample);
  const agree = sample.every((p) => naive(p) === list.isCommon(p));
  return { ...scanned, agree };
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`list: ${defaultCommonListFile()}`);
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const sample = await makeSample();
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
    'index CPU p50/p99 µs',
    'naive CPU p50/p99 µs',
    'naive n',
    'agree',
  ];
  const kept: CommonList[] = []; // keeps both indexes alive so each memory delta is its own
  for (const entries of [100_000, 1_000_000]) {
    const before = memory();
    const t0 = performance.now();
    const list = await createCommonListAsync(await readCommonListEntries({ entries, minLength }));
    const loadMs = performance.now() - t0;
    const after = memory();
    kept.push(list);
    const indexed = time((p) => list.isCommon(p), folded);
    const naiveSample = entries >= 1_000_000 ? folded.slice(0, naiveSampleFor1M) : folded;
    const scanned = await naiveRow(entries, naiveSample, list);
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
      `${us(indexed.cpu50)}/${us(indexed.cpu99)}`,
      `${us(scanned.cpu50)}/${us(scanned.cpu99)}`,
      String(naiveSample.length),
      scanned.agree ? 'yes' : 'NO',
    ]);
  }
  print(
    'Breached-list check (common_password): wildcard index vs naive scan of the same entries',
    header,
    rows,
  );
  console.log(
    'Index memory = heap Δ + buffers Δ (the entry blob and the typed arrays); RSS Δ is noisier and can go\n' +
      'negative when V8 returns pages freed by earlier garbage (the 1M-line read that built the sample).\n',
  );

  const engineRows: string[][] = [];
  for (const entries of [100_000, 1_000_000]) {
    const engine = await createPasswordEngine({ ...defaultPasswordPolicy, commonList: { entries } });
    const ctx = { authenticated: false, organizationName: 'Contoso', username: 'marguerite@contoso.com' };
    for (const p of sample.slice(0, 200)) await engine.check(p, ctx);
    memory();
    const times: number[] = [];
    const cpu: number[] = [];
    let accepted = 0;
    for (const p of sample) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      if ((await engine.check(p, ctx)).accepted) accepted++;
      times.push((performance.now() - t0) * 1000);
      const c = process.cpuUsage(c0);
      cpu.push(c.user + c.system);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    engineRows.push([
      `${entries / 1000}k`,
      us(percentile(times, 50)),
      us(percentile(times, 99)),
      us(times[times.length - 1]!),
      us(percentile(cpu, 50)),
      us(percentile(cpu, 99)),
      `${accepted}/${sampleSize}`,
    ]);
  }
  print(
    'Whole engine.check (length, common list, banned score over the curated terms, context words)',
    ['list', 'p50 µs', 'p99 µs', 'max µs', 'CPU p50 µs', 'CPU p99 µs', 'accepted'],
    engineRows,
  );
  await fuzzyTable();
  const rss = process.memoryUsage().rss;
  console.log(
    `process RSS at the end: ${mb(rss)} MB (${kept.length} indexes held); total bench time ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `The naive 1M scan times only the first ${naiveSampleFor1M} sample passwords (all 2,000 would take minutes).`,
  );
  console.log(
    'Latencies are wall-clock per call: on a loaded machine the p99 and max include other processes.',
  );
}

/**
 * Why 4-letter terms match only exactly (PasswordEngineOptions.fuzzyMinLength = 5): the share of strong
 * passwords that still reach 5 points over the curated terms, for each minimum fuzzy term length.
 */
async function fuzzyTable(): Promise<void> {
  const curated = await loadCuratedTerms();
  const randomOf = (n: number) =>
    Array.from({ length: 1000 }, () => {
      let s = '';
      for (let i = 0; i < n; i++) s += pick([...alphabet]);
      return s;
    });
  const sets: [string, string[]][] = [
    ['random 8', randomOf(8)],
    ['random 10', randomOf(10)],
    ['random 12', randomOf(12)],
    ['3 words, spaced', Array.from({ length: 1000 }, () => `${pick(words)} ${pick(words)} ${pick(words)}`)],
    [
      'Word-Word-NN',
      Array.from({ length: 1000 }, () => strong().replace(/^[^-]*$/, `${pick(words)}-${pick(words)}-42`)),
    ],
  ];
  const rows: string[][] = [];
  for (const fuzzyMin of [4, 5, 6]) {
    const index = createTermIndex(curated.map((term) => ({ term, fuzzy: [...term].length >= fuzzyMin })));
    rows.push([
      String(fuzzyMin),
      ...sets.map(([, ps]) => {
        const ok = ps.filter(
          (p) => bannedScore(foldPassword(p), [index]).score >= requiredBannedScore,
        ).length;
        return `${((ok / ps.length) * 100).toFixed(1)}%`;
      }),
    ]);
  }
  print(
    `banned_score alone over the ${curated.length} curated terms: share of 1,000 strong passwords accepted`,
    ['fuzzy from', ...sets.map(([name]) => name)],
    rows,
  );
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
