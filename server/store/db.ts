// Database access: one small interface over PGlite (embedded default) and node-postgres (DATABASE_URL).
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type SqlValue = string | number | boolean | null | Date | Buffer | Uint8Array | string[] | object;

/** Something that runs a parameterized statement; a database or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs fn while holding a database-wide lock named by key, so instances starting together on one database take
   * turns at check-then-write work (the bootstrap key, the demo seed). fn uses the database as usual.
   */
  exclusive<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Postgres settings for the embedded database, which lives in the service's own memory: the server defaults
 * (128 MB of shared buffers, up to 1 GB of WAL kept between checkpoints) cost ≈170 MB of RSS that a single-process
 * service does not need (measured: 839 → 670 MB after start on an in-memory database).
 */
const embeddedSettings = ['-c', 'shared_buffers=16MB', '-c', 'max_wal_size=64MB', '-c', 'min_wal_size=32MB'];

/** Opens the embedded database in dataDir (or in memory when dataDir is undefined). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const lite = new PGlite(dataDir, { startParams: [...PGlite.defaultStartParams, ...embeddedSettings] });
  await lite.waitReady;
  // PGlite runs each statement synchronously in WASM; yielding first lets the event loop accept and read other
  // requests, which bounded the p99 under load (bench/server.ts) at a small cost to the median.
  const run = async <T>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly SqlValue[]) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return (await q.query<T>(sql, params ? [...params] : undefined)).rows;
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(lite, sql, params),
    // PGlite has one connection: transactions run one at a time, which also serializes our conditional updates.
    tx: (fn) => lite.transaction((t) => fn({ query: (sql, params) => run(t, sql, params) })),
    // One process owns a PGlite data folder, so there is no other instance to wait for.
    exclusive: (_key, fn) => fn(),
    close: () => lite.close(),
  };
}

/** Connects to a PostgreSQL server through a pool. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  // A connection that dies while idle must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const client = await pool.connect();
  client.release();
  const statement = preparedStatements();
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(statement(sql, params))).rows,
    tx: async (fn) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn({
          query: async (sql, params) => (await c.query(statement(sql, params))).rows,
        });
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    },
    // A session-level advisory lock on a connection of its own; fn's queries use the rest of the pool.
    exclusive: async (key, fn) => {
      const c = await pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await c.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Names each parameterized statement, so node-postgres prepares it once per connection and later runs skip the
 * server's parse and plan. Our statements are fixed texts with parameters, so the names stay few; past a bound
 * (a caller building SQL on the fly) statements run unnamed rather than grow the table without end.
 */
function preparedStatements(bound = 500) {
  const names = new Map<string, string>();
  return (text: string, params?: readonly SqlValue[]): pg.QueryConfig => {
    if (!params?.length) return { text };
    let name = names.get(text);
    if (!name && names.size < bound) {
      name = `regain_${names.size}`;
      names.set(text, name);
    }
    return name ? { name, text, values: [...params] } : { text, values: [...params] };
  };
}
