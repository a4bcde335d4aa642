// The webhook outbox: one row per event and subscribed endpoint, queued inside the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Queryable } from '../store/db.ts';
import type { WebhookEndpoint, WebhookEvent } from './config.ts';

/** How long a webhook is retried before it is given up (expired). */
export const webhookLifetimeMs = 24 * 3_600_000;

export interface WebhookQueue {
  /**
   * Inserts one pending delivery per endpoint subscribed to `event`, in the caller's transaction (q),
   * with the body fixed now: `{id, event, ...data}`. Returns the event id (shared by its deliveries), or
   * undefined when no endpoint wants the event. Kick the worker after the transaction committed.
   */
  queue(q: Queryable, event: WebhookEvent, data: Record<string, string>): Promise<string | undefined>;
}

export function createWebhookQueue(endpoints: readonly WebhookEndpoint[], clock: Clock): WebhookQueue {
  return {
    async queue(q, event, data) {
      const targets = endpoints.filter((e) => e.events.includes(event));
      if (targets.length === 0) return undefined;
      const eventId = randomUUID();
      // `id` and `event` come last so data cannot overwrite them.
      const payload = JSON.stringify({ ...data, id: eventId, event });
      const now = clock.now();
      for (const target of targets)
        await q.query(
          `INSERT INTO webhook_outbox (id, event_id, event, url, payload, status, attempts, available_at, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7, $6)`,
          [
            randomUUID(),
            eventId,
            event,
            target.url,
            payload,
            new Date(now),
            new Date(now + webhookLifetimeMs),
          ],
        );
      return eventId;
    },
  };
}
