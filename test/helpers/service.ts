// Starts a real Regain service for integration tests: HTTP on loopback, PGlite in memory or a fresh PostgreSQL database.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import pg from 'pg';
import { pino } from 'pino';
import type { PolicyInput } from '../../api/policy.ts';
import { FakeClock } from '../../server/clock.ts';
import { type ConfigInput, resolveConfig } from '../../server/config.ts';
import { createRuntime, listen, type Runtime } from '../../server/runtime.ts';
import { type Db, openPglite, openPostgres } from '../../server/store/db.ts';

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = ['pglite', 'postgres'];
const pgAdminUrl = process.env.REGAIN_TEST_PG ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;

export interface TestService {
  url: string;
  rt: Runtime;
  /** The listening HTTP server, for tests that watch its sockets. */
  server: Awaited<ReturnType<typeof listen>>['server'];
  db: Db;
  clock: FakeClock;
  adminKey: string;
  api: Api;
  close(): Promise<void>;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export type Api = ReturnType<typeof makeApi>;

export function makeApi(base: string) {
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    opts: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(base + path, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
  return {
    call,
    get: <T = Record<string, unknown>>(
      path: string,
      opts?: { token?: string; headers?: Record<string, string> },
    ) => call<T>('GET', path, undefined, opts),
    post: <T = Record<string, unknown>>(
      path: string,
      body: unknown = {},
      opts?: { token?: string; headers?: Record<string, string> },
    ) => call<T>('POST', path, body, opts),
    put: <T = Record<string, unknown>>(
      path: string,
      body: unknown,
      opts?: { token?: string; headers?: Record<string, string> },
    ) => call<T>('PUT', path, body, opts),
  };
}

/** A fresh database of the given kind; PostgreSQL gets its own throwaway database. */
export async function freshDb(kind: DbKind): Promise<{ db: Db; url?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite();
    return { db, drop: () => db.close() };
  }
  const name = `regain_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = pgAdminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = await openPostgres(url);
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: pgAdminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Starts the service with the demo seeded, a cheap captcha, a fake clock at the real time and an admin key. */
export async function startService(
  kind: DbKind = 'pglite',
  opts: { policy?: PolicyInput; log?: pino.Logger; config?: ConfigInput } = {},
): Promise<TestService> {
  const clock = new FakeClock(Date.now());
  const fresh = await freshDb(kind);
  const adminKey = `rgk_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`;
  const config = resolveConfig([
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: ':memory:',
      dev: true,
      seedDemo: true,
      bootstrapAdminKey: adminKey,
      // A few derivations per solve keep tests fast; the real cost is measured in bench/captcha.ts.
      captcha: { kind: 'altcha', cost: 1, counterMax: 20 },
      logLevel: 'silent',
    },
    // Settings a test adds (webhooks, delivery providers), over the defaults above.
    opts.config ?? {},
  ]);
  const rt = await createRuntime(config, {
    clock,
    db: fresh.db,
    ...(opts.log ? { log: opts.log } : { log: pino({ level: 'silent' }) }),
  });
  const server = await listen(rt);
  const api = makeApi(server.url);
  if (opts.policy) await patchPolicy(api, adminKey, opts.policy);
  return {
    url: server.url,
    rt,
    server: server.server,
    db: fresh.db,
    clock,
    adminKey,
    api,
    close: async () => {
      await server.close();
      await fresh.drop();
    },
  };
}

export function deepMerge<T>(base: T, patch: unknown): T {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out as T;
}

/** Fetches and solves a captcha the way a browser would, returning the payload for POST /v1/reset. */
export async function solvedCaptcha(api: Api): Promise<string> {
  const res = await api.get<Challenge>('/v1/captcha');
  if (res.status !== 200) throw new Error(`captcha: ${res.status} ${res.text}`);
  const challenge = res.body;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('captcha not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

export async function setPolicy(t: TestService, patch: PolicyInput): Promise<void> {
  await patchPolicy(t.api, t.adminKey, patch);
}

/** Changes part of the policy with PATCH /v1/admin/policy (a JSON Merge Patch); throws when it is refused. */
async function patchPolicy(api: Api, adminKey: string, patch: PolicyInput): Promise<void> {
  const res = await api.call('PATCH', '/v1/admin/policy', patch, { token: adminKey });
  if (res.status !== 200) throw new Error(`policy rejected: ${res.text}`);
}

/** Waits for a new message to `to` in the dev outbox and returns its code. */
export async function codeFor(t: TestService, to: string, after?: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    await t.rt.worker.drain();
    const msgs = (
      await t.api.get<{ id: string; code?: string; createdAt: string }[]>(
        `/v1/dev/outbox?to=${encodeURIComponent(to)}`,
      )
    ).body;
    const m = msgs.find((x) => x.code && x.id !== after);
    if (m?.code && (!after || msgs[0]?.id !== after)) return m.code;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no code arrived for ${to}`);
}

export async function latestMessageId(t: TestService, to: string): Promise<string | undefined> {
  const msgs = (await t.api.get<{ id: string }[]>(`/v1/dev/outbox?to=${encodeURIComponent(to)}`)).body;
  return msgs[0]?.id;
}

/** Starts a reset for a username and returns the answer. */
export async function startReset(t: TestService, username: string, headers?: Record<string, string>) {
  return t.api.post<{
    token: string;
    gatesRequired: number;
    methods: { id: string; hint: string; type: string }[];
  }>('/v1/reset', { username, captcha: await solvedCaptcha(t.api) }, headers ? { headers } : undefined);
}
