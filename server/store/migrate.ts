// Runs the numbered SQL files of ./migrations once each, in order, under an advisory lock.
import { readdir, readFile } from 'node:fs/promises';
import type { Db } from './db.ts';

const dir = new URL('./migrations/', import.meta.url);

/** Applies pending migrations; returns the names applied now. Safe to call from several instances at once. */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f)).sort();
  return db.tx(async (q) => {
    // Several instances may start together on one PostgreSQL; the lock makes them take turns.
    await q.query('SELECT pg_advisory_xact_lock(724901)');
    await q.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await q.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = await readFile(new URL(f, dir), 'utf8');
      for (const stmt of splitStatements(sql)) await q.query(stmt);
      await q.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
      applied.push(f);
    }
    return applied;
  });
}

// Our migrations hold no functions or quoted semicolons, so a split on ';' at line end is enough.
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
