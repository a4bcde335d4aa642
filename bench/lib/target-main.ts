// A benchmark target in its own process (so load generation never shares its event loop): Regain, bare node:http, or minimal Hono + db.
// Started by bench/lib/target.ts with fork(); argv[2] is a TargetSpec as JSON; it answers requests over IPC.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Db, SqlValue } from '../../server/store/db.ts';
import { migrate } from '../../server/store/migrate.ts';
import { freshBenchDb } from './bench-db.ts';
import { startRegainService } from './regain-service.ts';
import type { TargetReply, TargetRequest, TargetSpec } from './target-protocol.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as TargetSpec;
const send = (m: TargetReply) => process.send?.(m);

interface Running {
  url: string;
  adminKey?: string;
  handle(req: TargetRequest): Promise<unknown>;
  close(): Promise<void>;
}

/** The same answer for every request: the ceiling of node:http on this machine. */
async function startBare(): Promise<Running> {
  const body = JSON.stringify({ ok: true });
  const server: Server = createServer((req, res) => {
    // The body is read, as every real endpoint must.
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    handle: async () => null,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const nobody = '00000000-0000-0000-0000-000000000000';

/**
 * Hono over the same Db layer doing the database writes of a reset start and nothing else: one throttle upsert,
 * one contact lookup, one flow insert and one audit insert in one transaction.
 */
async function startHonoDb(kind: 'pglite' | 'postgres'): Promise<Running> {
  const fresh = await freshBenchDb(kind);
  const db: Db = fresh.db;
  await migrate(db);
  const app = new Hono();
  app.post('/v1/reset', async (c) => {
    const { username } = await c.req.json<{ username: string }>();
    const now = Date.now();
    const token = randomBytes(32).toString('base64url');
    const subject = `h:${createHash('sha256').update(String(username)).digest('base64url')}`;
    await db.tx(async (q) => {
      await q.query(
        `INSERT INTO throttles (key, count, window_start, subject) VALUES ($1, 1, $2, $4)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN throttles.window_start <= $3 THEN 1 ELSE throttles.count + 1 END,
           window_start = CASE WHEN throttles.window_start <= $3 THEN $2 ELSE throttles.window_start END
         RETURNING count, window_start, blocked_until`,
        [`start:${subject}`, new Date(now), new Date(now - 3_600_000), subject],
      );
      await q.query(
        'SELECT method, source, value, verified_at, usable_for_reset_at FROM contact_methods WHERE user_id = $1',
        [nobody],
      );
      await q.query(
        `INSERT INTO flows (id, token_hash, kind, user_id, subject, decoy, state, gates_required, gates_needed, methods,
           locale, ip, user_agent, created_at, expires_at)
         VALUES ($1, $2, 'reset', NULL, $3, true, 'started', 1, 1, $4, 'en', $5, $6, $7, $8)`,
        [
          randomUUID(),
          createHash('sha256').update(token).digest('base64url'),
          subject,
          JSON.stringify([{ id: 'alternateEmail', type: 'email', hint: 'a***@example.com' }]),
          '127.0.0.1',
          c.req.header('user-agent') ?? null,
          new Date(now),
          new Date(now + 15 * 60_000),
        ],
      );
      await q.query(
        `INSERT INTO audit (at, kind, actor, user_id, subject_hmac, ip, user_agent, method, result, detail, data)
         VALUES ($1, 'reset', NULL, NULL, $2, $3, $4, NULL, 'succeeded', 'unknown_user', $5)`,
        [new Date(now), subject.slice(2), '127.0.0.1', null, JSON.stringify({ decoy: true })],
      );
    });
    return c.json({ token, expiresAt: new Date(now + 15 * 60_000).toISOString() }, 201);
  });
  const { url, close } = await new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      }),
    );
  });
  return {
    url,
    handle: (req) => diagnose(db, req),
    close: async () => {
      await close();
      await fresh.drop();
    },
  };
}

async function startRegain(s: Extract<TargetSpec, { kind: 'regain' }>): Promise<Running> {
  // The load generator sends X-Forwarded-For from many addresses, as a load balancer in front would.
  const svc = await startRegainService(s.db, {
    members: s.members ?? 0,
    proposedIndexes: s.proposedIndexes ?? false,
    agedFlows: s.agedFlows ?? 0,
    trustedProxies: ['127.0.0.1'],
  });
  return {
    url: svc.url,
    adminKey: svc.adminKey,
    handle: async (req) => {
      // The target's own process: what the service holds, RSS (the figure) and the V8 heap.
      if (req.op === 'memory') return process.memoryUsage();
      if (req.op === 'challenges') {
        const out: unknown[] = [];
        for (let i = 0; i < req.count; i++) out.push(await svc.rt.services.captcha.createChallenge());
        return out;
      }
      return diagnose(svc.db, req);
    },
    close: () => svc.close(),
  };
}

/** Table sizes and the timing of statements the reset start runs whose cost grows with a table. */
async function diagnose(db: Db, req: TargetRequest): Promise<unknown> {
  if (req.op !== 'diagnose') throw new Error(`unknown op ${req.op}`);
  const count = async (table: string) =>
    Number((await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n ?? 0);
  const sizes = {
    flows: await count('flows'),
    captcha_claims: await count('captcha_claims'),
    throttles: await count('throttles'),
    audit: await count('audit'),
  };
  const plans: Record<string, { ms: number; plan: string }> = {};
  // Run inside a rolled-back transaction so diagnosing changes nothing; each statement matches no rows anyway.
  const probes: Record<string, [string, SqlValue[]]> = {
    supersede_open_flows: [
      `UPDATE flows SET state = 'closed', finished_at = $2 WHERE subject = $1 AND state IN ('started', 'gates_passed')`,
      ['h:no-such-subject', new Date()],
    ],
    captcha_claims_cleanup: ['DELETE FROM captcha_claims WHERE expires_at < $1', [new Date(0)]],
  };
  for (const [name, [sql, params]] of Object.entries(probes)) {
    try {
      await db.tx(async (q) => {
        const rows = await q.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`,
          params,
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
        plans[name] = { ms, plan };
        throw new RollBack();
      });
    } catch (err) {
      if (!(err instanceof RollBack)) throw err;
    }
  }
  return { sizes, plans };
}

class RollBack extends Error {}

async function start(): Promise<Running> {
  if (spec.kind === 'bare') return startBare();
  if (spec.kind === 'hono-db') return startHonoDb(spec.db);
  return startRegain(spec);
}

try {
  const running = await start();
  process.on('message', (m: TargetRequest) => {
    if (m.op === 'close') {
      void running.close().finally(() => {
        send({ id: m.id, ok: true, value: null });
        process.disconnect?.();
      });
      return;
    }
    running.handle(m).then(
      (value) => send({ id: m.id, ok: true, value }),
      (err: unknown) =>
        send({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  send({ ready: true, url: running.url, ...(running.adminKey ? { adminKey: running.adminKey } : {}) });
} catch (err) {
  send({ ready: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
}
