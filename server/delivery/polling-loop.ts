// The claim-and-send loop shared by the outbox and webhook workers: timer, kick, serial passes, drain.
import type { Logger } from 'pino';
import { describeError } from './redact.ts';

/** A row left in 'sending' this long belongs to a worker that died; housekeeping returns it to 'pending'. */
export const leaseMs = 2 * 60_000;

export interface PollingLoop {
  /** Starts the timer loop; idempotent. */
  start(): void;
  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void>;
  /** Runs a pass soon (after a transaction that queued work committed). No-op unless started. */
  kick(): void;
  /** Processes everything due now; returns how many rows were sent. */
  drain(): Promise<number>;
}

export interface PollingLoopOptions<Row> {
  /** Names the loop in logs. */
  name: string;
  intervalMs: number;
  log: Logger;
  now(): number;
  /** Runs first in every pass: expiring, recovering leases, purging. */
  housekeeping(now: number): Promise<void>;
  /** Claims a batch of rows due at the cutoff; an empty batch ends the pass. */
  claim(cutoff: number): Promise<Row[]>;
  /** Handles one row; `'sent'` counts toward drain()'s answer. Must not throw for the row's own failures. */
  deliver(row: Row): Promise<string>;
  /** Logs a bookkeeping error for one row; the row's lease brings it back later. */
  rowId(row: Row): string;
}

export function createPollingLoop<Row>(o: PollingLoopOptions<Row>): PollingLoop {
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function deliverSafely(row: Row): Promise<string> {
    try {
      return await o.deliver(row);
    } catch (err) {
      // A database error while settling: the lease brings the row back, so it is retried, not lost.
      o.log.error({ id: o.rowId(row), err: describeError(err) }, `${o.name} bookkeeping failed`);
      return 'lost';
    }
  }

  async function pass(cutoff: number, keepGoing: () => boolean): Promise<number> {
    await o.housekeeping(o.now());
    let sent = 0;
    while (keepGoing()) {
      const rows = await o.claim(cutoff);
      if (rows.length === 0) break;
      const outcomes = await Promise.all(rows.map(deliverSafely));
      sent += outcomes.filter((x) => x === 'sent').length;
    }
    return sent;
  }

  function schedule(delayMs: number): void {
    if (!started) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
    // The HTTP server keeps the process alive; this timer alone should not (CLI commands, tests).
    timer.unref();
  }

  async function tick(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await pass(o.now(), () => started);
      } catch (err) {
        // The loop must outlive a database outage; the next pass tries again.
        o.log.error({ err: describeError(err) }, `${o.name} pass failed`);
      }
    })();
    await running;
    running = undefined;
    if (again) {
      again = false;
      schedule(0);
    } else schedule(o.intervalMs);
  }

  return {
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
    kick() {
      if (!started) return;
      if (running) again = true;
      else schedule(0);
    },
    drain: () => pass(o.now(), () => true),
  };
}
