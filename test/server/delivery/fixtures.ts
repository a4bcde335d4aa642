// Shared set-up for delivery tests: an in-memory migrated PGlite, a keyring, a fake clock and a log capture.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { FakeClock } from '../../../server/clock.ts';
import { DevProvider } from '../../../server/delivery/providers/dev.ts';
import { generateSecrets, Keyring } from '../../../server/security/keyring.ts';
import { type Db, openPglite, openPostgres } from '../../../server/store/db.ts';
import { migrate } from '../../../server/store/migrate.ts';

export interface DeliveryFixture {
  db: Db;
  clock: FakeClock;
  keys: Keyring;
  dev: DevProvider;
  log: Logger;
  /** Every line the logger wrote, raw JSON. */
  logLines: string[];
}

/** An in-memory database with the schema; opened once per test file, as opening and migrating takes a while. */
export async function openMigrated(): Promise<Db> {
  const db = await openPglite();
  await migrate(db);
  return db;
}

/** Fresh clock, keys, provider and log over db, with an empty outbox. */
export async function deliveryFixture(db: Db): Promise<DeliveryFixture> {
  await db.query('DELETE FROM outbox');
  const clock = new FakeClock();
  const keys = new Keyring(generateSecrets(clock.now()), clock);
  const logLines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  return { db, clock, keys, dev: new DevProvider(), log, logLines };
}

/** The whole outbox table, every column of every row, as text: what a database dump would show. */
export async function dumpOutbox(db: Db): Promise<string> {
  const rows = await db.query<{ j: string }>('SELECT row_to_json(o)::text AS j FROM outbox o');
  return rows.map((r) => r.j).join('\n');
}

export interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  sealed: string;
  available_at: Date;
  sent_at: Date | null;
  last_error: string | null;
}

export async function outboxRow(db: Db, id: string): Promise<OutboxRow> {
  const [row] = await db.query<OutboxRow>(
    'SELECT id, status, attempts, sealed, available_at, sent_at, last_error FROM outbox WHERE id = $1',
    [id],
  );
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
}

// The same server and variable as the integration helpers: REGAIN_TEST_PG names a database we may create others from.
const pgAdminUrl = process.env.REGAIN_TEST_PG ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;

/** True when the test PostgreSQL server answers; its tests are skipped otherwise. */
export async function postgresAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** A throwaway migrated PostgreSQL database; `open()` gives another pool on it (another "instance"). */
export async function freshPostgres(): Promise<{ open(): Promise<Db>; drop(): Promise<void> }> {
  const name = `regain_delivery_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = pgAdminUrl.replace(/\/[^/]*$/, `/${name}`);
  const pools: Db[] = [];
  const first = await openPostgres(url);
  pools.push(first);
  await migrate(first);
  let handedFirst = false;
  return {
    async open() {
      if (!handedFirst) {
        handedFirst = true;
        return first;
      }
      const db = await openPostgres(url);
      pools.push(db);
      return db;
    },
    async drop() {
      for (const db of pools) await db.close();
      const a = new pg.Client({ connectionString: pgAdminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
