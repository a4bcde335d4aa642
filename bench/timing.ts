// Timing benchmark (SECURITY.md case 2): wall time of POST /v1/reset for an existing user versus unknown names, with a Mann-Whitney U test.
// Run: npm run bench:timing. Env: TIMING_PER_GROUP (200 calls per group), TIMING_WARMUP (100 pairs, not recorded),
// TIMING_DBS (pglite,postgres). Calls are sequential and interleaved (a random order inside each pair), each with its
// own freshly solved captcha; solving is not timed. The per-account limit (10 starts an hour at most) is met by a
// fake clock moved one hour every 4 pairs, after which one unrecorded call refills the caches the jump expired.
// TIMING_CANCEL=1 cancels every flow right after its (timed) start, so no start finds an open flow to supersede:
// without it the existing user always has one (from the previous pair) and a fresh unknown name never does.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import type { Challenge } from 'altcha-lib';
import { FakeClock } from '../server/clock.ts';
import type { DbKind } from './lib/bench-db.ts';
import { solvePayload } from './lib/captcha-pool.ts';
import { benchThrottles, patchPolicy } from './lib/regain-api.ts';
import { type BenchService, startRegainService } from './lib/regain-service.ts';
import { type MannWhitney, mannWhitney, median, quantile } from './lib/stats.ts';
import { fixed, formatTable } from './lib/table.ts';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

const perGroup = envInt('TIMING_PER_GROUP', 200);
const cancelEach = process.env.TIMING_CANCEL === '1';
const warmupPairs = envInt('TIMING_WARMUP', 100);
const dbKinds = (process.env.TIMING_DBS ?? 'pglite,postgres').split(',').map((s) => s.trim()) as DbKind[];
for (const k of dbKinds)
  if (k !== 'pglite' && k !== 'postgres') throw new Error(`TIMING_DBS: unknown kind ${k}`);
const existing = 'alice';
const pairsPerHour = 4;
/** SECURITY.md case 2 (thresholds proposed there). */
const maxMedianDiffMs = 10;
const minP = 0.01;

interface GroupResult {
  db: DbKind;
  existingMs: number[];
  unknownMs: number[];
  unexpected: Record<string, number>;
  test: MannWhitney;
}

async function solvedCaptcha(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/captcha`);
  if (res.status !== 200) throw new Error(`GET /v1/captcha: ${res.status}`);
  return solvePayload((await res.json()) as Challenge);
}

/** One POST /v1/reset, timed on the client from the request until the whole answer has been read. */
async function timedStart(url: string, username: string): Promise<{ ms: number; status: number }> {
  const r = await timedStartOnly(url, username);
  if (cancelEach && r.token) {
    const res = await fetch(`${url}/v1/reset/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.token}` },
    });
    await res.arrayBuffer();
  }
  return r;
}

async function timedStartOnly(
  url: string,
  username: string,
): Promise<{ ms: number; status: number; token?: string }> {
  const body = JSON.stringify({ username, captcha: await solvedCaptcha(url) });
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  return {
    ms,
    status: res.status,
    ...(res.status === 201 ? { token: (JSON.parse(text) as { token: string }).token } : {}),
  };
}

const randomUnknown = () => `user-${Math.random().toString(36).slice(2, 10)}`;

async function measure(db: DbKind): Promise<GroupResult> {
  const clock = new FakeClock(Date.now());
  const svc: BenchService = await startRegainService(db, { clock });
  try {
    await patchPolicy(svc.url, svc.adminKey, benchThrottles);
    const existingMs: number[] = [];
    const unknownMs: number[] = [];
    const unexpected: Record<string, number> = {};
    const total = warmupPairs + perGroup;
    for (let pair = 0; pair < total; pair++) {
      if (pair > 0 && pair % pairsPerHour === 0) {
        clock.advance(3_600_000 + 1_000);
        // The jump expired the policy and decoy-profile caches and left old captcha claims to delete: one
        // unrecorded call pays for that, so no recorded call (of either group) does.
        await timedStart(svc.url, randomUnknown());
      }
      const order = Math.random() < 0.5 ? [existing, randomUnknown()] : [randomUnknown(), existing];
      for (const username of order) {
        const { ms, status } = await timedStart(svc.url, username);
        if (status !== 201) unexpected[status] = (unexpected[status] ?? 0) + 1;
        if (pair < warmupPairs) continue;
        (username === existing ? existingMs : unknownMs).push(ms);
      }
    }
    return { db, existingMs, unknownMs, unexpected, test: mannWhitney(existingMs, unknownMs) };
  } finally {
    await svc.close();
  }
}

const startedAt = new Date();
const loadBefore = loadavg();
const results: GroupResult[] = [];
for (const db of dbKinds) {
  console.error(`[bench:timing] ${db}: ${warmupPairs} warm-up pairs, then ${perGroup} calls per group`);
  results.push(await measure(db));
}
const loadAfter = loadavg();

console.log(
  `\nReset-start timing, ${existing} vs unknown names: ${perGroup} calls per group, interleaved, ${cpus().length} CPUs` +
    (cancelEach ? ', every flow cancelled after its start' : ''),
);
console.log(
  `load average before/after: ${loadBefore.map((x) => x.toFixed(1)).join(' ')} / ${loadAfter.map((x) => x.toFixed(1)).join(' ')}\n`,
);
const rows = results.map((r) => {
  const diff = median(r.existingMs) - median(r.unknownMs);
  const met = Math.abs(diff) < maxMedianDiffMs && r.test.p > minP;
  return {
    r,
    diff,
    met,
    cells: [
      r.db,
      fixed(median(r.existingMs), 2),
      fixed(median(r.unknownMs), 2),
      fixed(quantile(r.existingMs, 0.9), 2),
      fixed(quantile(r.unknownMs, 0.9), 2),
      `${diff >= 0 ? '+' : ''}${fixed(diff, 2)}`,
      fixed(r.test.u, 0),
      fixed(r.test.z, 2),
      r.test.p < 0.0001 ? r.test.p.toExponential(1) : fixed(r.test.p, 4),
      met ? 'met' : 'NOT met',
    ],
  };
});
console.log(
  formatTable(
    [
      'db',
      `median ${existing} ms`,
      'median unknown ms',
      `p90 ${existing} ms`,
      'p90 unknown ms',
      'median diff ms',
      'U',
      'z',
      'p (Mann-Whitney)',
      `target |diff| < ${maxMedianDiffMs} ms, p > ${minP}`,
    ],
    rows.map((x) => x.cells),
  ),
);
for (const { r } of rows) {
  const bad = Object.entries(r.unexpected);
  if (bad.length)
    console.log(
      `  ${r.db}: unexpected statuses ${bad.map(([k, v]) => `${k}×${v}`).join(' ')} (all calls should be 201)`,
    );
}

const out = new URL(cancelEach ? './results/timing-cancel.json' : './results/timing.json', import.meta.url);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      machine: { cpus: cpus().length, loadBefore, loadAfter, node: process.version },
      settings: { perGroup, warmupPairs, existing, pairsPerHour, cancelEach, maxMedianDiffMs, minP },
      results: rows.map(({ r, diff, met }) => ({ ...r, medianDiffMs: diff, met })),
    },
    null,
    2,
  )}\n`,
);
console.log(`\nraw numbers: ${out.pathname}`);
