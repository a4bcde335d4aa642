// Server benchmark: req/s and latency of POST /v1/reset, /challenge and /verify on PGlite and PostgreSQL, against two ceilings.
// Run: npm run bench:server. Env: BENCH_SECONDS (10 per scenario), BENCH_DBS (pglite,postgres), BENCH_MEMBERS (2000 real
// accounts beside the demo users), BENCH_WARMUP (6 s), BENCH_PROPOSED_INDEXES=1 (adds the indexes this benchmark
// suggests, for an A/B run), BENCH_AGED_FLOWS (0; abandoned flows pre-loaded, as months of traffic leave them),
// BENCH_CPU_PROF=<dir> (V8 CPU profiles of the targets). It also prints the Regain target's RSS after start and
// after the runs. PGlite runs on a data folder made beforehand, as a restarted service does (bench/lib/bench-db.ts).
// Every target runs in its own process; autocannon (64 connections) runs here; each run is bounded in time and in count.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import type { Challenge } from 'altcha-lib';
import type { DbKind } from './lib/bench-db.ts';
import { captchaPool } from './lib/captcha-pool.ts';
import { type LoadRequest, type LoadResult, runLoad } from './lib/load.ts';
import { benchThrottles, patchPolicy } from './lib/regain-api.ts';
import { fixed, formatTable } from './lib/table.ts';
import { startTarget, type Target } from './lib/target.ts';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

const seconds = envNumber('BENCH_SECONDS', 10);
const connections = 64;
const members = Math.floor(envNumber('BENCH_MEMBERS', 2000));
const proposedIndexes = process.env.BENCH_PROPOSED_INDEXES === '1';
const agedFlows = Math.floor(Number(process.env.BENCH_AGED_FLOWS ?? 0));
if (!Number.isInteger(agedFlows) || agedFlows < 0) throw new Error('BENCH_AGED_FLOWS must be a whole number');
const dbKinds = (process.env.BENCH_DBS ?? 'pglite,postgres').split(',').map((s) => s.trim()) as DbKind[];
for (const k of dbKinds)
  if (k !== 'pglite' && k !== 'postgres') throw new Error(`BENCH_DBS: unknown kind ${k}`);
/** Hard ceiling on requests in runs that need no single-use data (ceilings). */
const maxPlainRequests = Math.ceil(seconds * 50_000);
/**
 * Warm-up before each measured run. PGlite is WebAssembly that V8 tiers up while it runs: on a busy 2-core machine
 * its throughput still climbs for about 5 s after start (measured: 76 → 650 transactions/s over 8 s).
 */
const warmupSeconds = envNumber('BENCH_WARMUP', 6);

interface Row {
  scenario: string;
  db: DbKind | 'none';
  result: LoadResult;
  note?: string;
}

const rows: Row[] = [];
const log = (msg: string) => console.error(`[bench:server] ${msg}`);

/** Spread over 4096 client addresses, as behind a load balancer (Regain trusts X-Forwarded-For from 127.0.0.1). */
const forwardedFor = (n: number) => `10.0.${(n >> 8) & 15}.${n & 255}`;

const json = { 'content-type': 'application/json' };

/** A POST whose body (and headers) are made fresh for every send. */
function dynamicPost(
  path: string,
  next: (n: number, ctx: Record<string, unknown>) => { body: string; headers?: Record<string, string> },
  onResponse?: LoadRequest['onResponse'],
): LoadRequest {
  let n = 0;
  return {
    method: 'POST',
    path,
    headers: json,
    setupRequest: (req, ctx) => {
      const made = next(n++, ctx);
      return { ...req, headers: { ...json, ...made.headers }, body: made.body };
    },
    ...(onResponse ? { onResponse } : {}),
  };
}

/**
 * Warms a target up in 2 s slices until it has run at least BENCH_WARMUP seconds and the last slice was no more
 * than 10% faster than the one before (or 4 × BENCH_WARMUP seconds have passed). Returns the best second's rate.
 */
async function warmUp(label: string, slice: (secs: number) => Promise<LoadResult>): Promise<number> {
  const rates: number[] = [];
  let best = 0;
  let spent = 0;
  while (spent < warmupSeconds * 4) {
    const r = await slice(2);
    spent += r.seconds;
    rates.push(r.rps);
    best = Math.max(best, r.rps, ...r.perSecond);
    const [prev, last] = rates.slice(-2);
    if (spent >= warmupSeconds && prev !== undefined && last !== undefined && last <= prev * 1.1) break;
  }
  log(`${label} warm-up: ${rates.map((x) => fixed(x)).join(' → ')} req/s over ${fixed(spent, 1)} s`);
  return best;
}

async function run(
  url: string,
  requests: LoadRequest[],
  maxRequests: number,
  time = seconds,
): Promise<LoadResult> {
  return runLoad({ url, connections, seconds: time, maxRequests, requests });
}

/** Ceiling 1: node:http answering a small JSON to the same POST. */
async function bareCeiling(): Promise<void> {
  const t = await startTarget({ kind: 'bare' });
  try {
    const req = () => [
      dynamicPost('/v1/reset', (n) => ({ body: JSON.stringify({ username: `user-${n}` }) })),
    ];
    await run(t.url, req(), maxPlainRequests, Math.min(2, warmupSeconds));
    rows.push({
      scenario: 'bare node:http (ceiling)',
      db: 'none',
      result: await run(t.url, req(), maxPlainRequests),
    });
  } finally {
    await t.close();
  }
}

/** Ceiling 2: Hono + the same Db layer doing a reset start's writes (throttle upsert, lookup, flow, audit). */
async function honoDbCeiling(db: DbKind): Promise<void> {
  const t = await startTarget({ kind: 'hono-db', db });
  try {
    let n = 0;
    const req = () => [
      dynamicPost('/v1/reset', () => ({ body: JSON.stringify({ username: `user-${n++}` }) })),
    ];
    await warmUp(`Hono + ${db}`, (secs) => run(t.url, req(), maxPlainRequests, secs));
    rows.push({
      scenario: 'minimal Hono + db (ceiling)',
      db,
      result: await run(t.url, req(), maxPlainRequests),
    });
  } finally {
    await t.close();
  }
}

interface DecoyFlow {
  token: string;
  /** The method challenged and verified: alternateEmail when offered (202), else a phone with a wrong proof (400). */
  method: 'alternateEmail' | 'mobilePhone' | 'officePhone';
  channel?: 'sms' | 'voice';
}

const demoUsers = ['alice', 'bob', 'dave', 'carol'];

/**
 * Usernames for reset starts, half unknown (decoys) and half real, never more than 9 starts per account, so the
 * per-account limit (10 an hour, the policy's maximum) is never what a run measures.
 */
class Usernames {
  private starts = 0;
  private reals = 0;
  next(): { username: string; decoy: boolean } {
    const n = this.starts++;
    if (n % 2 === 0) return { username: `user-${n}`, decoy: true };
    const r = this.reals++;
    if (r < demoUsers.length * 9) return { username: demoUsers[r % demoUsers.length]!, decoy: false };
    const m = r - demoUsers.length * 9;
    if (m >= members * 9) return { username: `user-${n}`, decoy: true };
    return { username: `member-${(m % members) + 1}`, decoy: false };
  }
  /** An unknown name only (for topping up the pool of decoy flows). */
  unknown(): string {
    return `user-${this.starts++}`;
  }
  /** Names handed out so far: the reset starts sent (warm-up and top-up included). */
  count(): number {
    return this.starts;
  }
}

function pickMethod(methods: { id: string; channels?: string[] }[]): Omit<DecoyFlow, 'token'> | undefined {
  if (methods.some((m) => m.id === 'alternateEmail')) return { method: 'alternateEmail' };
  const phone = methods.find((m) => m.id === 'mobilePhone' || m.id === 'officePhone');
  if (!phone) return undefined;
  const channel = (phone.channels?.[0] ?? (phone.id === 'officePhone' ? 'voice' : 'sms')) as 'sms' | 'voice';
  return { method: phone.id as 'mobilePhone' | 'officePhone', channel };
}

/** POST /v1/reset requests, each with its own pre-solved captcha; decoy flows are kept for /challenge and /verify. */
function startRequests(
  pool: string[],
  names: () => { username: string; decoy: boolean },
  flows: DecoyFlow[],
) {
  return [
    dynamicPost(
      '/v1/reset',
      (n, ctx) => {
        const { username, decoy } = names();
        ctx.decoy = decoy;
        return {
          body: JSON.stringify({ username, captcha: pool[Math.min(n, pool.length - 1)] }),
          headers: { 'x-forwarded-for': forwardedFor(n) },
        };
      },
      (status, body, ctx) => {
        if (status !== 201 || ctx.decoy !== true) return;
        const answer = JSON.parse(body) as { token: string; methods: { id: string; channels?: string[] }[] };
        const m = pickMethod(answer.methods);
        if (m) flows.push({ token: answer.token, ...m });
      },
    ),
  ];
}

async function regainScenarios(db: DbKind, diagnostics: Record<string, unknown>): Promise<void> {
  const extras = `${proposedIndexes ? ', proposed indexes' : ''}${agedFlows ? `, ${agedFlows} aged flows` : ''}`;
  log(`starting Regain on ${db} (${members} member accounts${extras})`);
  const t: Target = await startTarget({ kind: 'regain', db, members, proposedIndexes, agedFlows });
  try {
    const rssAtStart = (await t.call<NodeJS.MemoryUsage>({ op: 'memory' })).rss;
    await patchPolicy(t.url, t.adminKey!, benchThrottles);
    const issue = (count: number) => t.call<Challenge[]>({ op: 'challenges', count });
    const names = new Usernames();
    const flows: DecoyFlow[] = [];

    // Warm-up and calibration: how many captchas a full run needs on this machine.
    let rate = db === 'pglite' ? 150 : 300;
    const warmRate = await warmUp(`Regain reset on ${db}`, async (secs) => {
      const warmPool = await captchaPool(Math.ceil(rate * secs * 1.5) + 100, issue);
      const r = await run(
        t.url,
        startRequests(warmPool, () => names.next(), flows),
        warmPool.length,
        secs,
      );
      rate = Math.max(rate, ...r.perSecond);
      return r;
    });
    const expected = Math.ceil(Math.max(warmRate, 20) * seconds * 1.6) + 200;
    log(`solving ${expected} captchas for POST /v1/reset on ${db}`);
    const pool = await captchaPool(expected, issue);
    const reset = await run(
      t.url,
      startRequests(pool, () => names.next(), flows),
      pool.length,
    );
    rows.push({
      scenario: 'POST /v1/reset',
      db,
      result: reset,
      ...(reset.exhausted ? { note: `captcha pool (${pool.length}) ran out after ${reset.seconds} s` } : {}),
    });

    // Decoy flows for /challenge and /verify: those started above, topped up to what a run is likely to need.
    const want = Math.ceil(Math.max(reset.rps, 20) * seconds * 1.5) + 200;
    if (flows.length < want) {
      const topUp = await captchaPool(want - flows.length, issue);
      log(`topping up decoy flows: ${flows.length} → ${want}`);
      await run(
        t.url,
        startRequests(topUp, () => ({ username: names.unknown(), decoy: true }), flows),
        topUp.length,
        seconds * 3,
      );
    }
    const pooled = [...flows];
    const bearer = (f: DecoyFlow) => `Bearer ${f.token}`;

    const challenge = await run(
      t.url,
      [
        dynamicPost('/v1/reset/challenge', (n) => {
          const f = pooled[Math.min(n, pooled.length - 1)]!;
          const body =
            f.method === 'alternateEmail'
              ? { method: f.method }
              : { method: f.method, channel: f.channel, proof: '+14255550199' };
          return {
            body: JSON.stringify(body),
            headers: { authorization: bearer(f), 'x-forwarded-for': forwardedFor(n) },
          };
        }),
      ],
      pooled.length,
    );
    rows.push({
      scenario: 'POST /v1/reset/challenge (decoy)',
      db,
      result: challenge,
      ...(challenge.exhausted
        ? { note: `flow pool (${pooled.length}) ran out after ${challenge.seconds} s` }
        : {}),
    });

    // Five wrong codes per flow at most (the limit is 10 failures per method an hour, so none is throttled).
    const verify = await run(
      t.url,
      [
        dynamicPost('/v1/reset/verify', (n) => {
          const f = pooled[n % pooled.length]!;
          const code = '0'.repeat(f.method === 'alternateEmail' ? 8 : 6);
          return {
            body: JSON.stringify({ method: f.method, code }),
            headers: { authorization: bearer(f), 'x-forwarded-for': forwardedFor(n) },
          };
        }),
      ],
      pooled.length * 5,
    );
    rows.push({
      scenario: 'POST /v1/reset/verify (wrong code)',
      db,
      result: verify,
      ...(verify.exhausted
        ? { note: `flow pool (${pooled.length} × 5) ran out after ${verify.seconds} s` }
        : {}),
    });
    diagnostics[db] = await t.call({ op: 'diagnose' });
    const resets = names.count();
    memory[db] = { rssAtStart, rssAfter: (await t.call<NodeJS.MemoryUsage>({ op: 'memory' })).rss, resets };
  } finally {
    await t.close();
  }
}

const startedAt = new Date();
const loadBefore = loadavg();
log(`${seconds} s per scenario, ${connections} connections, databases: ${dbKinds.join(', ')}`);
const diagnostics: Record<string, unknown> = {};
/** The Regain target's RSS after start and after the runs (the issue's targets: 250 MB on PGlite, 150 MB on PostgreSQL). */
const memory: Record<string, { rssAtStart: number; rssAfter: number; resets: number }> = {};
const rssTarget: Record<DbKind, number> = { pglite: 250, postgres: 150 };
await bareCeiling();
for (const db of dbKinds) {
  await honoDbCeiling(db);
  await regainScenarios(db, diagnostics);
}
const loadAfter = loadavg();

const bare = rows.find((r) => r.db === 'none')?.result.rps;
const honoFor = (db: string) =>
  rows.find((r) => r.db === db && r.scenario.startsWith('minimal Hono'))?.result.rps;
const ratio = (a: number, b: number | undefined) => (b ? `${fixed(a / b, 3)}x` : '—');
const header = [
  'scenario',
  'db',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  '2xx',
  '4xx',
  '5xx',
  'vs node:http',
  'vs Hono+db',
];
const table = formatTable(
  header,
  rows.map((r) => [
    r.scenario,
    r.db === 'none' ? '—' : r.db,
    fixed(r.result.rps),
    fixed(r.result.p50, 1),
    fixed(r.result.p99, 1),
    String(r.result.errors),
    String(r.result.byClass['2xx']),
    String(r.result.byClass['4xx']),
    String(r.result.byClass['5xx']),
    ratio(r.result.rps, bare),
    r.db === 'none' ? '—' : ratio(r.result.rps, honoFor(r.db)),
  ]),
);
console.log(
  `\nServer benchmark: ${connections} connections, ${seconds} s per scenario, ${cpus().length} CPUs, ${members} member accounts` +
    (proposedIndexes ? ', proposed indexes' : '') +
    (agedFlows ? `, ${agedFlows} aged flows` : ''),
);
console.log(
  `load average before/after: ${loadBefore.map((x) => x.toFixed(1)).join(' ')} / ${loadAfter.map((x) => x.toFixed(1)).join(' ')}\n`,
);
console.log(table);
for (const r of rows) {
  const statuses = Object.entries(r.result.byStatus)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
  console.log(`  ${r.scenario} [${r.db}]: ${statuses || 'no responses'}${r.note ? ` — ${r.note}` : ''}`);
}
for (const [db, d] of Object.entries(diagnostics)) {
  const { sizes, plans } = d as { sizes: Record<string, number>; plans: Record<string, { ms: number }> };
  console.log(
    `  after the runs on ${db}: ${Object.entries(sizes)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}; ${Object.entries(plans)
      .map(([k, v]) => `${k} ${fixed(v.ms, 2)} ms`)
      .join(', ')}`,
  );
}

for (const [db, m] of Object.entries(memory)) {
  const mb = (n: number) => (n / 1_048_576).toFixed(0);
  console.log(
    `  Regain RSS on ${db}: ${mb(m.rssAtStart)} MB after start, ${mb(m.rssAfter)} MB after ${m.resets} reset starts (target ≤ ${rssTarget[db as DbKind]} MB)`,
  );
}

const out = new URL('./results/server.json', import.meta.url);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadBefore, loadAfter, node: process.version },
      settings: { seconds, connections, members, proposedIndexes, agedFlows, dbKinds },
      memory,
      rows: rows.map((r) => ({
        scenario: r.scenario,
        db: r.db,
        ...r.result,
        ratioToBare: bare ? r.result.rps / bare : null,
        ratioToHonoDb: r.db === 'none' ? null : honoFor(r.db) ? r.result.rps / honoFor(r.db)! : null,
        note: r.note ?? null,
      })),
      diagnostics,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nraw numbers: ${out.pathname}`);
