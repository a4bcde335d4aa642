// The reset start's admission in one statement, for one round trip on the hot path: the caller's address counts;
// only within its limit is the captcha solution claimed; only a first claim counts against the account's starts
// (a replayed solution never spends them).
import type { CaptchaSolution } from '../security/captcha.ts';
import { claimSql } from '../security/captcha-claims.ts';
import { judgeTake, type Take, takeUpsert } from '../security/throttle.ts';
import type { Queryable } from '../store/db.ts';

const hour = 3_600_000;

export interface Admission {
  ip: Take;
  /** False for a solution used before. */
  claimed: boolean;
  /** The account's start, when it was counted (the address within its limit and the solution new). */
  start: Take | null;
}

export async function admitStart(
  q: Queryable,
  a: {
    ipKey: string;
    ipLimit: number;
    subject: string;
    startLimit: number;
    solution: CaptchaSolution;
    now: number;
  },
): Promise<Admission> {
  const [row] = await q.query<{
    ip_count: number;
    ip_window: Date;
    ip_blocked: Date | null;
    claimed: boolean;
    start_count: number | null;
    start_window: Date | null;
    start_blocked: Date | null;
  }>(
    `WITH ip AS (${takeUpsert({ key: '$1', now: '$3', since: '$4', subject: 'NULL' })}),
     claim AS (${claimSql(
       { id: '$5', expires: '$6' },
       'EXISTS (SELECT 1 FROM ip WHERE ip.count <= $7 AND (ip.blocked_until IS NULL OR ip.blocked_until <= $3))',
     )}),
     start AS (${takeUpsert({ key: '$2', now: '$3', since: '$4', subject: '$8' }, 'EXISTS (SELECT 1 FROM claim)')})
     SELECT ip.count AS ip_count, ip.window_start AS ip_window, ip.blocked_until AS ip_blocked,
       EXISTS (SELECT 1 FROM claim) AS claimed,
       s.count AS start_count, s.window_start AS start_window, s.blocked_until AS start_blocked
     FROM ip LEFT JOIN start s ON true`,
    [
      a.ipKey,
      `start:${a.subject}`,
      new Date(a.now),
      new Date(a.now - hour),
      a.solution.id,
      new Date(a.solution.expiresAtMs),
      a.ipLimit,
      a.subject,
    ],
  );
  if (!row) throw new Error('admission returned nothing');
  const ip = judgeTake(
    { count: row.ip_count, window_start: row.ip_window, blocked_until: row.ip_blocked },
    a.ipLimit,
    hour,
    a.now,
  );
  const start =
    row.start_count === null || !row.start_window
      ? null
      : judgeTake(
          { count: row.start_count, window_start: row.start_window, blocked_until: row.start_blocked },
          a.startLimit,
          hour,
          a.now,
        );
  return { ip, claimed: row.claimed, start };
}
