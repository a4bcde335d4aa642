// Throwaway databases for the benchmarks: PGlite in a temporary data folder, or a fresh database on the local
// PostgreSQL server.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from '../../server/store/db.ts';

export type DbKind = 'pglite' | 'postgres';

/** The PostgreSQL server to create databases on (trust auth on loopback, like the test suite). */
export const pgAdminUrl =
  process.env.REGAIN_BENCH_PG ??
  process.env.REGAIN_TEST_PG ??
  `postgres://${userInfo().username}@127.0.0.1:5432/test`;

export interface BenchDb {
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind; drop() closes it and, for PostgreSQL, removes it. */
export async function freshBenchDb(kind: DbKind): Promise<BenchDb> {
  if (kind === 'pglite') {
    // As the service runs it: on its data folder, created once (initdb) in another process, so what this process
    // holds is what a restarted service holds, not initdb's memory (≈550 MB that WebAssembly never gives back).
    const dir = mkdtempSync(join(tmpdir(), 'regain-bench-pglite-'));
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { PGlite } from '@electric-sql/pglite'; const l = new PGlite(${JSON.stringify(dir)}); await l.waitReady; await l.close();`,
      ],
      { stdio: 'inherit' },
    );
    const db = await openPglite(dir);
    return {
      db,
      drop: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `regain_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgAdminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const db = await openPostgres(pgAdminUrl.replace(/\/[^/]*$/, `/${name}`));
  return {
    db,
    drop: async () => {
      await db.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
