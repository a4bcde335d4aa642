// The webhook worker: claims due webhook_outbox rows (safe across instances), POSTs them signed, retries with backoff.
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { createPollingLoop, leaseMs, type PollingLoop } from '../delivery/polling-loop.ts';
import { describeError } from '../delivery/redact.ts';
import type { Db, SqlValue } from '../store/db.ts';
import type { WebhookEndpoint } from './config.ts';
import { signatureHeaders } from './signing.ts';

export interface WebhookWorkerOptions {
  db: Db;
  clock: Clock;
  /** The configured endpoints; a queued delivery whose URL is no longer among them fails. */
  endpoints: readonly WebhookEndpoint[];
  log: Logger;
  /** Pause between passes of the timer loop; kick() starts a pass sooner. Default 1 s. */
  intervalMs?: number;
  /** Rows claimed per statement. Default 20. */
  batchSize?: number;
  /** One POST taking longer counts as failed (and is retried). Default 10 s; must stay below the lease. */
  timeoutMs?: number;
  /** Finished rows are deleted after this long. Default 7 days. */
  retentionMs?: number;
}

/** The webhook worker: the shared polling loop over webhook_outbox rows. */
export type WebhookWorker = PollingLoop;

/**
 * Delay before retry n (n = attempts made so far): 10 s, 20 s, 40 s… capped at an hour, so a receiver
 * that is down for a while is not hammered, and one back within the day still gets every event.
 */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

interface ClaimedRow {
  id: string;
  event: string;
  url: string;
  payload: string;
  attempts: number;
  expires_at: Date | string;
}

type Outcome = 'sent' | 'retry' | 'expired' | 'failed' | 'lost';

const purgeEveryMs = 3_600_000;

export function createWebhookWorker(opts: WebhookWorkerOptions): WebhookWorker {
  const { db, clock } = opts;
  const log = opts.log.child({ module: 'webhooks' });
  const intervalMs = opts.intervalMs ?? 1_000;
  const batchSize = opts.batchSize ?? 20;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retentionMs = opts.retentionMs ?? 7 * 24 * 3_600_000;
  if (timeoutMs >= leaseMs) throw new RangeError('timeoutMs must be shorter than the 2-minute lease');
  const secrets = new Map(opts.endpoints.map((e) => [e.url, e.secret]));
  let lastPurge = Number.NEGATIVE_INFINITY;

  async function housekeeping(now: number): Promise<void> {
    const at = new Date(now);
    await db.query(
      `UPDATE webhook_outbox SET status = 'pending' WHERE status = 'sending' AND available_at < $1`,
      [at],
    );
    const expired = await db.query<{ id: string; event: string }>(
      `UPDATE webhook_outbox SET status = 'expired', last_error = COALESCE(last_error, 'expired before delivery')
       WHERE status = 'pending' AND expires_at <= $1 RETURNING id, event`,
      [at],
    );
    for (const r of expired) log.error({ id: r.id, event: r.event }, 'webhook expired undelivered');
    if (now - lastPurge >= purgeEveryMs) {
      lastPurge = now;
      await db.query(
        `DELETE FROM webhook_outbox WHERE status IN ('sent', 'expired', 'failed') AND created_at < $1`,
        [new Date(now - retentionMs)],
      );
    }
  }

  /** Same claim as the message outbox: SKIP LOCKED for disjoint claims, the lease kept in available_at. */
  function claim(cutoff: number): Promise<ClaimedRow[]> {
    return db.query<ClaimedRow>(
      `UPDATE webhook_outbox SET status = 'sending', attempts = attempts + 1, available_at = $3
       WHERE id IN (
         SELECT id FROM webhook_outbox WHERE status = 'pending' AND available_at <= $1
         ORDER BY available_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, event, url, payload, attempts, expires_at`,
      [new Date(cutoff), batchSize, new Date(clock.now() + leaseMs)],
    );
  }

  async function settle(row: ClaimedRow, sql: string, params: SqlValue[]): Promise<boolean> {
    const done = await db.query(
      `UPDATE webhook_outbox SET ${sql} WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
      [row.id, row.attempts, ...params],
    );
    return done.length === 1;
  }

  async function post(row: ClaimedRow, secret: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Regain-Webhooks',
          'regain-event': row.event,
          ...signatureHeaders(secret, row.payload, clock.now()),
        },
        body: row.payload,
        // Signed events go to the configured URL only.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      throw new Error(e.name === 'TimeoutError' ? `timed out after ${timeoutMs / 1000} s` : describeError(e));
    }
    await res.body?.cancel().catch(() => {});
    // Every non-2xx is retried, 4xx included: an event that ends sign-in sessions is worth delivering
    // once the receiver's configuration (a rotated secret, a clock) is fixed.
    if (!res.ok) throw new Error(`receiver answered ${res.status}`);
  }

  async function deliver(row: ClaimedRow): Promise<Outcome> {
    const ctx = { id: row.id, event: row.event, attempt: row.attempts };
    const expiresAt = toMs(row.expires_at);
    const secret = secrets.get(row.url);
    if (!secret) {
      await settle(row, `status = 'failed', last_error = $3`, ['endpoint no longer configured']);
      log.error(ctx, 'webhook endpoint no longer configured; delivery dropped');
      return 'failed';
    }
    try {
      await post(row, secret);
    } catch (err) {
      const why = describeError(err);
      const next = clock.now() + webhookBackoffMs(row.attempts);
      if (next < expiresAt) {
        await settle(row, `status = 'pending', available_at = $3, last_error = $4`, [new Date(next), why]);
        log.warn({ ...ctx, err: why, retryAt: new Date(next).toISOString() }, 'webhook failed; will retry');
        return 'retry';
      }
      await settle(row, `status = 'expired', last_error = $3`, [why]);
      log.error({ ...ctx, err: why }, 'webhook failed; given up');
      return 'expired';
    }
    const ok = await settle(row, `status = 'sent', sent_at = $3, last_error = NULL`, [new Date(clock.now())]);
    if (!ok) {
      log.warn(ctx, 'webhook sent after its lease ran out; it may be sent again');
      return 'lost';
    }
    log.info(ctx, 'webhook delivered');
    return 'sent';
  }

  const loop = createPollingLoop({
    name: 'webhook',
    intervalMs,
    log,
    now: () => clock.now(),
    housekeeping,
    claim,
    deliver,
    rowId: (row: ClaimedRow) => row.id,
  });
  return {
    ...loop,
    // Without endpoints nothing is ever queued; no loop polls an empty table.
    start: () => {
      if (opts.endpoints.length > 0) loop.start();
    },
  };
}

function toMs(v: Date | string | number): number {
  return v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
}
