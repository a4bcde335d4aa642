// The one way a stored one-time code is checked: at most N checks, expiry, single use; reset and registration share it.
import type { Queryable } from '../store/db.ts';

/** What both code tables hold about a code's checks. */
export interface CheckedCode {
  id: string;
  code_hmac: string;
  kid: string;
  expires_at: Date;
  attempts: number;
  used_at: Date | null;
}

/**
 * Records one check of `row` in the caller's transaction (which holds the lock that makes checks take turns) and
 * judges it: `ok` marks the code used; a used, exhausted, expired or missing code, or a wrong one, is not ok.
 * Whether the caller counts a failure, and the replay of a right code, are decided before this (see callers).
 */
export async function judgeCode(
  q: Queryable,
  table: 'codes' | 'registration_codes',
  row: CheckedCode | undefined,
  right: boolean,
  maxChecks: number,
  now: number,
): Promise<'ok' | 'expired' | 'bad'> {
  if (!row || row.used_at || row.attempts >= maxChecks) return 'bad';
  await q.query(`UPDATE ${table} SET attempts = attempts + 1 WHERE id = $1`, [row.id]);
  if (row.expires_at.getTime() <= now) return 'expired';
  if (!right) return 'bad';
  await q.query(`UPDATE ${table} SET used_at = $2 WHERE id = $1`, [row.id, new Date(now)]);
  return 'ok';
}
