// A real Regain service for benchmarks: fresh database, demo organization, optional member accounts, cheap captcha.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { Clock } from '../../server/clock.ts';
import { resolveConfig } from '../../server/config.ts';
import { createRuntime, listen, type Runtime } from '../../server/runtime.ts';
import type { Db } from '../../server/store/db.ts';
import { type DbKind, freshBenchDb } from './bench-db.ts';
import { benchCaptcha } from './target-protocol.ts';

export interface BenchService {
  url: string;
  rt: Runtime;
  db: Db;
  adminKey: string;
  close(): Promise<void>;
}

/** Indexes this benchmark suggests adding (see bench/server.ts); applied only on request, for an A/B run. */
export const proposedIndexes = [
  `CREATE INDEX IF NOT EXISTS flows_subject_open ON flows (subject) WHERE state IN ('started', 'gates_passed')`,
  'CREATE INDEX IF NOT EXISTS captcha_claims_expires ON captcha_claims (expires_at)',
];

/**
 * Real accounts `member-1..n` beside the demo users, each with an admin-entered email and mobile number (as from
 * a directory import), so load spreads over many accounts and decoy hints are drawn from a realistic population.
 * Rows are inserted in bulk with alice's password hash: hashing thousands of passwords would only slow the setup.
 */
export async function seedMembers(db: Db, count: number): Promise<void> {
  if (count <= 0) return;
  const [alice] = await db.query<{ password_hash: string }>(
    "SELECT password_hash FROM users WHERE username = 'alice'",
  );
  const now = new Date();
  await db.query(
    `INSERT INTO users (id, username, display_name, given_name, family_name, email, password_hash, password_changed_at, created_at)
     SELECT gen_random_uuid(), 'member-' || i, 'Member ' || i, 'Member', 'Number' || i, 'member-' || i || '@contoso.com', $1, $2, $2
     FROM generate_series(1, $3::int) AS i`,
    [alice?.password_hash ?? null, now, count],
  );
  await db.query(
    `INSERT INTO contact_methods (user_id, method, source, value, verified_at, updated_at)
     SELECT id, 'alternateEmail', 'admin', username || '@personal.example', $1, $1 FROM users WHERE username LIKE 'member-%'`,
    [now],
  );
  await db.query(
    `INSERT INTO contact_methods (user_id, method, source, value, verified_at, updated_at)
     SELECT id, 'mobilePhone', 'admin', '+1425555' || lpad((substr(username, 8)::int % 10000)::text, 4, '0'), $1, $1
     FROM users WHERE username LIKE 'member-%'`,
    [now],
  );
}

/**
 * Abandoned flows as a long-running service accumulates them: expired, still `started` (no job closes or purges
 * flows), each under its own decoy subject.
 */
export async function seedAgedFlows(db: Db, count: number): Promise<void> {
  if (count <= 0) return;
  await db.query(
    `INSERT INTO flows (id, token_hash, kind, subject, decoy, state, gates_required, gates_needed, methods, locale,
       created_at, expires_at)
     SELECT gen_random_uuid(), md5('aged' || i), 'reset', 'h:aged-' || md5(i::text), true, 'started', 1, 1, '[]', 'en',
       now() - interval '2 days', now() - interval '2 days' + interval '15 minutes'
     FROM generate_series(1, $1::int) AS i`,
    [count],
  );
  await db.query('ANALYZE flows');
}

/** Starts Regain on loopback (port 0) over a fresh database, listening, with an admin key installed. */
export async function startRegainService(
  kind: DbKind,
  opts: {
    clock?: Clock;
    members?: number;
    proposedIndexes?: boolean;
    agedFlows?: number;
    trustedProxies?: string[];
  } = {},
): Promise<BenchService> {
  const fresh = await freshBenchDb(kind);
  const adminKey = `rgk_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`;
  const config = resolveConfig([
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: ':memory:',
      seedDemo: true,
      bootstrapAdminKey: adminKey,
      captcha: { kind: 'altcha', ...benchCaptcha },
      logLevel: 'silent',
      trustedProxies: opts.trustedProxies ?? [],
    },
  ]);
  const rt = await createRuntime(config, {
    db: fresh.db,
    log: pino({ level: 'silent' }),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  await seedMembers(fresh.db, opts.members ?? 0);
  await seedAgedFlows(fresh.db, opts.agedFlows ?? 0);
  if (opts.proposedIndexes) for (const sql of proposedIndexes) await fresh.db.query(sql);
  const server = await listen(rt);
  return {
    url: server.url,
    rt,
    db: fresh.db,
    adminKey,
    close: async () => {
      await server.close();
      await fresh.drop();
    },
  };
}
