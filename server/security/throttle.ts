// Database-backed throttles: fixed windows counted atomically, optional blocks, failing closed with the database.
import type { Queryable } from '../store/db.ts';

export interface Take {
  ok: boolean;
  /** Seconds until another attempt may succeed (0 when ok). */
  retryAfter: number;
  count: number;
}

const secondsUntil = (t: number, now: number) => Math.max(1, Math.ceil((t - now) / 1000));

/**
 * The throttle families (the key's first segment) a successful reset or change clears for its user: reset starts,
 * failed checks per method, email sends and the password-failure counter.
 */
export const resetThrottles = ['start', 'fail', 'email', 'acct'] as const;

/**
 * Counts one attempt against key and says whether it is within limit per window. The count is taken before the
 * attempt is evaluated, so parallel attempts can never evaluate more than `limit` times; a success may refund it.
 */
export async function take(
  q: Queryable,
  key: string,
  subject: string | null,
  limit: number,
  windowMs: number,
  now: number,
): Promise<Take> {
  const [row] = await q.query<TakeRow>(takeUpsert({ key: '$1', now: '$2', since: '$3', subject: '$4' }), [
    key,
    new Date(now),
    new Date(now - windowMs),
    subject,
  ]);
  if (!row) throw new Error('throttle upsert returned nothing');
  return judgeTake(row, limit, windowMs, now);
}

/** What a take's upsert returns. */
export interface TakeRow {
  count: number;
  window_start: Date;
  blocked_until: Date | null;
}

/**
 * The upsert behind `take`, over the given SQL parameters, for a statement that takes several throttles at once;
 * with `when`, it counts only if that condition holds (a row is returned only then).
 */
export function takeUpsert(
  p: { key: string; now: string; since: string; subject: string },
  when?: string,
): string {
  return `INSERT INTO throttles (key, count, window_start, subject)
     SELECT ${p.key}::text, 1, ${p.now}::timestamptz, ${p.subject}::text${when ? ` WHERE ${when}` : ''}
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN throttles.window_start <= ${p.since}::timestamptz THEN 1 ELSE throttles.count + 1 END,
       window_start = CASE WHEN throttles.window_start <= ${p.since}::timestamptz THEN ${p.now}::timestamptz ELSE throttles.window_start END
     RETURNING count, window_start, blocked_until`;
}

/** Judges the row a take's upsert returned: blocked, over the limit in its window, or ok. */
export function judgeTake(row: TakeRow, limit: number, windowMs: number, now: number): Take {
  const blocked = row.blocked_until && row.blocked_until.getTime() > now ? row.blocked_until.getTime() : 0;
  if (blocked) return { ok: false, retryAfter: secondsUntil(blocked, now), count: row.count };
  if (row.count > limit)
    return {
      ok: false,
      retryAfter: secondsUntil(row.window_start.getTime() + windowMs, now),
      count: row.count,
    };
  return { ok: true, retryAfter: 0, count: row.count };
}

/**
 * Whether key is already at its limit in the current window, or blocked, without counting anything: the seconds
 * until it frees, else 0. A read, so a hot path can refuse early without a write; `take` still decides.
 */
export async function exhausted(
  q: Queryable,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
): Promise<number> {
  const [row] = await q.query<{ count: number; window_start: Date; blocked_until: Date | null }>(
    'SELECT count, window_start, blocked_until FROM throttles WHERE key = $1',
    [key],
  );
  if (!row) return 0;
  const blocked = row.blocked_until?.getTime() ?? 0;
  if (blocked > now) return secondsUntil(blocked, now);
  const ends = row.window_start.getTime() + windowMs;
  return ends > now && row.count >= limit ? secondsUntil(ends, now) : 0;
}

/** Gives back an attempt that turned out to be a success. */
export async function refund(q: Queryable, key: string): Promise<void> {
  await q.query('UPDATE throttles SET count = GREATEST(count - 1, 0) WHERE key = $1', [key]);
}

/** Blocks key until a time, whatever its count. */
export async function block(
  q: Queryable,
  key: string,
  subject: string | null,
  until: number,
  now: number,
): Promise<void> {
  await q.query(
    `INSERT INTO throttles (key, count, window_start, blocked_until, subject) VALUES ($1, 0, $3, $2, $4)
     ON CONFLICT (key) DO UPDATE SET blocked_until = $2`,
    [key, new Date(until), new Date(now), subject],
  );
}

/** When key is blocked, the seconds left; else 0. Reads only. */
export async function blockedFor(q: Queryable, key: string, now: number): Promise<number> {
  const [row] = await q.query<{ blocked_until: Date | null }>(
    'SELECT blocked_until FROM throttles WHERE key = $1',
    [key],
  );
  const until = row?.blocked_until?.getTime() ?? 0;
  return until > now ? secondsUntil(until, now) : 0;
}

/** Forgets every counter of a subject whose key starts with one of the prefixes (after a reset, or an admin unblock). */
export async function clearSubject(
  q: Queryable,
  subject: string,
  prefixes: readonly string[],
): Promise<void> {
  await q.query(`DELETE FROM throttles WHERE subject = $1 AND split_part(key, ':', 1) = ANY($2::text[])`, [
    subject,
    [...prefixes],
  ]);
}
