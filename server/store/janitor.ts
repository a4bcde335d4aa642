// Periodic housekeeping: expired flows are closed, interrupted writes finished, stale claims and counters deleted.
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from './db.ts';

const day = 86_400_000;

/** One pass; returns how many rows each statement touched. Safe on several instances at once. */
export async function sweep(db: Db, now: number): Promise<Record<string, number>> {
  const at = new Date(now);
  const count = async (sql: string, params: unknown[]) =>
    (await db.query(`${sql} RETURNING 1`, params as never[])).length;
  return {
    flowsClosed: await count(
      `UPDATE flows SET state = 'closed', finished_at = $1 WHERE state IN ('started', 'gates_passed') AND expires_at <= $1`,
      [at],
    ),
    // An unlock claims `writing` without writing_at; one a crash interrupted changed no password, so it only closes.
    unlocksClosed: await count(
      `UPDATE flows SET state = 'closed', finished_at = $1 WHERE state = 'writing' AND writing_at IS NULL AND expires_at <= $1`,
      [at],
    ),
    claims: await count('DELETE FROM captcha_claims WHERE expires_at < $1', [at]),
    // The longest window is a day and the longest block 72 hours; anything older than that counts for nothing.
    throttles: await count(
      'DELETE FROM throttles WHERE window_start < $1 AND (blocked_until IS NULL OR blocked_until < $2)',
      [new Date(now - 2 * day), at],
    ),
    flowsPurged: await count(
      `DELETE FROM flows WHERE state NOT IN ('started', 'gates_passed', 'writing') AND expires_at < $1`,
      [new Date(now - 30 * day)],
    ),
  };
}

/**
 * Runs sweep() every intervalMs until stopped; errors are logged, never thrown. `recover` (finishing interrupted
 * password writes, which needs the services) runs once at start, for what a crash of this instance left, and then
 * after every sweep.
 */
export function startJanitor(
  db: Db,
  clock: Clock,
  log: Logger,
  intervalMs = 60_000,
  recover?: () => Promise<number>,
): { stop(): void } {
  const runRecovery = async () => {
    const recovered = recover ? await recover() : 0;
    if (recovered > 0) log.warn({ recovered }, 'finished password writes a crash interrupted');
  };
  runRecovery().catch((err: unknown) => log.warn({ err }, 'recovery failed'));
  const timer = setInterval(() => {
    sweep(db, clock.now())
      .then(
        (n) => {
          log.debug({ janitor: n }, 'housekeeping');
          return runRecovery();
        },
        (err: unknown) => log.warn({ err }, 'housekeeping failed'),
      )
      .catch((err: unknown) => log.warn({ err }, 'recovery failed'));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
