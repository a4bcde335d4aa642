// The delivery worker: claims due outbox rows (safe across instances), sends them, retries with backoff, wipes bodies.
import type { Logger } from 'pino';
import { audit } from '../audit/audit.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../security/keyring.ts';
import type { Db, Queryable, SqlValue } from '../store/db.ts';
import { maskDestination } from './mask.ts';
import { sealContext, sealedBodySchema } from './outbox.ts';
import { createPollingLoop, leaseMs, type PollingLoop } from './polling-loop.ts';

export { leaseMs };

import { type DeliveryProvider, PermanentDeliveryError, type RenderedMessage } from './provider.ts';
import { describeError } from './redact.ts';
import { unseal } from './seal.ts';
import { pickLocale, render } from './templates.ts';
import { channels, messageKinds } from './types.ts';

export interface DeliveryWorkerOptions {
  db: Db;
  keys: Keyring;
  clock: Clock;
  providers: { email: DeliveryProvider; sms: DeliveryProvider; voice: DeliveryProvider };
  log: Logger;
  /** Pause between passes of the timer loop; kick() starts a pass sooner. Default 1 s. */
  intervalMs?: number;
  /** Rows claimed per statement. Default 20. */
  batchSize?: number;
  /** A provider call taking longer counts as failed (and is retried). Default 30 s; must stay below the lease. */
  sendTimeoutMs?: number;
  /** Finished rows (sent, expired, failed; bodies already wiped) are deleted after this long. Default 7 days. */
  retentionMs?: number;
}

/** The outbox worker: the shared polling loop over outbox rows. */
export type DeliveryWorker = PollingLoop;

/** Delay before retry n (n = attempts made so far): 2 s, 4 s, 8 s… capped at 60 s. */
export function backoffMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 60_000);
}

type Outcome = 'sent' | 'retry' | 'expired' | 'failed' | 'lost';

interface ClaimedRow {
  id: string;
  kind: string;
  channel: string;
  destination: string;
  sealed: string;
  kid: string;
  locale: string;
  attempts: number;
  expires_at: Date | string;
  created_at: Date | string;
}

const purgeEveryMs = 3_600_000;

const expiredReason = 'expired before delivery';

/**
 * One audit row for a message the worker gave up on. The reason is already redacted text; the
 * destination appears masked only, and the code (sealed, then wiped) never reaches it.
 */
async function auditGiveUp(
  q: Queryable,
  at: number,
  row: { id: string; kind: string; channel: string; destination: string },
  status: 'expired' | 'failed',
  reason: string,
): Promise<void> {
  const channel = channels.find((c) => c === row.channel);
  await audit(q, {
    at,
    kind: 'delivery',
    result: 'failed',
    detail: status === 'expired' ? 'delivery_expired' : 'delivery_failed',
    method: row.channel,
    data: {
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      to: channel ? maskDestination(channel, row.destination) : '?',
      reason,
    },
  });
}

export function createDeliveryWorker(opts: DeliveryWorkerOptions): DeliveryWorker {
  const { db, keys, clock, providers } = opts;
  const log = opts.log.child({ module: 'delivery' });
  const intervalMs = opts.intervalMs ?? 1_000;
  const batchSize = opts.batchSize ?? 20;
  const sendTimeoutMs = opts.sendTimeoutMs ?? 30_000;
  const retentionMs = opts.retentionMs ?? 7 * 24 * 3_600_000;
  // Rows of a batch are sent in parallel, so each finishes within the timeout; the lease must outlast it.
  if (sendTimeoutMs >= leaseMs) throw new RangeError('sendTimeoutMs must be shorter than the 2-minute lease');
  let lastPurge = Number.NEGATIVE_INFINITY;

  /** Crash recovery, expiry of what can no longer be sent, and retention; each statement is idempotent. */
  async function housekeeping(now: number): Promise<void> {
    const recovered = await db.query<{ id: string }>(
      `UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND available_at < $1 RETURNING id`,
      [new Date(now)],
    );
    for (const r of recovered) log.warn({ id: r.id }, 'delivery lease expired; message back to pending');
    // Expired and audited in one transaction: every message given up leaves exactly one audit row.
    const expired = await db.tx(async (q) => {
      const rows = await q.query<{ id: string; kind: string; channel: string; destination: string }>(
        `UPDATE outbox SET status = 'expired', sealed = '', last_error = $2
         WHERE status = 'pending' AND expires_at <= $1 RETURNING id, kind, channel, destination`,
        [new Date(now), expiredReason],
      );
      for (const r of rows) await auditGiveUp(q, now, r, 'expired', expiredReason);
      return rows;
    });
    for (const r of expired)
      log.warn({ id: r.id, kind: r.kind, channel: r.channel }, 'message expired undelivered');
    if (Number.isFinite(retentionMs) && now - lastPurge >= purgeEveryMs) {
      lastPurge = now;
      await db.query(`DELETE FROM outbox WHERE status IN ('sent', 'expired', 'failed') AND created_at < $1`, [
        new Date(now - retentionMs),
      ]);
    }
  }

  /**
   * Claims up to a batch of rows due at the cutoff. SKIP LOCKED lets instances claim disjoint rows; the
   * lease is recorded in available_at (when the row may next be worked on), so a crashed claim comes back.
   */
  function claim(cutoff: number): Promise<ClaimedRow[]> {
    return db.query<ClaimedRow>(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, available_at = $3
       WHERE id IN (
         SELECT id FROM outbox WHERE status = 'pending' AND available_at <= $1
         ORDER BY available_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, channel, destination, sealed, kid, locale, attempts, expires_at, created_at`,
      [new Date(cutoff), batchSize, new Date(clock.now() + leaseMs)],
    );
  }

  /** Ends a row we hold; the guard on attempts keeps us off a row another instance reclaimed after our lease. */
  async function settle(
    row: ClaimedRow,
    sql: string,
    params: SqlValue[],
    q: Queryable = db,
  ): Promise<boolean> {
    const done = await q.query(
      `UPDATE outbox SET ${sql} WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
      [row.id, row.attempts, ...params],
    );
    return done.length === 1;
  }

  /** Gives a row up and audits it in the same transaction; no audit row when the row was no longer ours. */
  const terminal = (row: ClaimedRow, status: 'expired' | 'failed', why: string) =>
    db.tx(async (q) => {
      const ok = await settle(row, `status = $3, sealed = '', last_error = $4`, [status, why], q);
      if (ok) await auditGiveUp(q, clock.now(), row, status, why);
      return ok;
    });

  async function deliver(row: ClaimedRow): Promise<Outcome> {
    const channel = channels.find((c) => c === row.channel);
    const kind = messageKinds.find((k) => k === row.kind);
    const ctx = {
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      to: channel ? maskDestination(channel, row.destination) : '?',
      attempt: row.attempts,
    };
    const expiresAt = toMs(row.expires_at);
    if (clock.now() >= expiresAt) {
      await terminal(row, 'expired', expiredReason);
      log.warn(ctx, 'message expired undelivered');
      return 'expired';
    }
    let message: RenderedMessage;
    try {
      if (!channel || !kind) throw new TypeError('unknown channel or kind');
      const body = sealedBodySchema.parse(unseal(keys, row.kid, row.sealed, sealContext(row.id)));
      const locale = pickLocale(row.locale);
      // The text states the code's remaining life at sending time, not its life when queued.
      const minutes = (expiresAt - clock.now()) / 60_000;
      const out = render({ kind, channel, locale, vars: body.vars, code: body.code, minutes });
      message = {
        id: row.id,
        kind,
        locale,
        channel,
        to: row.destination,
        ...(out.subject === undefined ? {} : { subject: out.subject }),
        text: out.text,
        ...(body.code === undefined ? {} : { code: body.code }),
        // Brand the envelope with the name the text was rendered for, not whatever the policy says by now.
        ...(typeof body.vars.org === 'string' ? { org: body.vars.org } : {}),
        createdAt: toMs(row.created_at),
      };
    } catch (err) {
      // Nothing later can fix an unopenable or unrenderable body; give up now and wipe it.
      const why = describeError(err);
      await terminal(row, 'failed', why);
      log.error({ ...ctx, err: why }, 'message could not be prepared');
      return 'failed';
    }
    try {
      await withTimeout(providers[message.channel], message, sendTimeoutMs);
    } catch (err) {
      const why = describeError(err);
      const provider = providers[message.channel].name;
      if (err instanceof PermanentDeliveryError) {
        await terminal(row, 'failed', why);
        log.error({ ...ctx, provider, err: why }, 'provider refused message for good');
        return 'failed';
      }
      const next = clock.now() + backoffMs(row.attempts);
      if (next < expiresAt) {
        await settle(row, `status = 'pending', available_at = $3, last_error = $4`, [new Date(next), why]);
        log.warn(
          { ...ctx, provider, err: why, retryAt: new Date(next).toISOString() },
          'delivery failed; will retry',
        );
        return 'retry';
      }
      await terminal(row, 'expired', why);
      log.warn({ ...ctx, provider, err: why }, 'delivery failed; message expired undelivered');
      return 'expired';
    }
    // The body (with any code) is wiped the moment it is delivered: nothing sent is retained.
    const ok = await settle(row, `status = 'sent', sent_at = $3, sealed = '', last_error = NULL`, [
      new Date(clock.now()),
    ]);
    if (!ok) {
      log.warn(ctx, 'message sent after its lease ran out; another worker may send it again');
      return 'lost';
    }
    log.info(ctx, 'message sent');
    return 'sent';
  }

  return createPollingLoop({
    name: 'delivery',
    intervalMs,
    log,
    now: () => clock.now(),
    housekeeping,
    claim,
    deliver,
    rowId: (row: ClaimedRow) => row.id,
  });
}

/** A provider call bounded in time; a synchronous throw counts as a failed send too. */
async function withTimeout(provider: DeliveryProvider, m: RenderedMessage, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`provider ${provider.name} timed out after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([Promise.resolve().then(() => provider.send(m)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toMs(v: Date | string | number): number {
  return v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
}
