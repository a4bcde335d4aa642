// The `password.changed` webhook: queued with the password change, so an identity provider can end sign-in sessions.
import type { Delivery, Services } from '../services.ts';
import type { Queryable } from '../store/db.ts';
import type { WebhookQueue } from './outbox.ts';

/** The body receivers get (field order aside); `id` is the same on every retry and for every endpoint. */
export interface PasswordChangedPayload {
  id: string;
  event: 'password.changed';
  /** The username, as the directory spells it. */
  user: string;
  /** ISO 8601 time of the change. */
  at: string;
  reason: 'reset' | 'change' | 'admin';
}

/**
 * Services carry no webhook queue of their own: the runtime hands it along on the delivery object, next
 * to the message outbox it is kicked with. Services built without one (unit tests) queue no webhooks.
 */
export interface WebhookDelivery extends Delivery {
  webhooks: WebhookQueue;
}

function webhookQueueOf(delivery: Delivery): WebhookQueue | undefined {
  const d: Delivery & { webhooks?: unknown } = delivery;
  const w = d.webhooks;
  return typeof w === 'object' && w !== null && 'queue' in w ? (w as WebhookQueue) : undefined;
}

/**
 * Queues `password.changed` for every endpoint that wants it, inside the caller's transaction (q), so it
 * is sent exactly when the change commits. The caller kicks delivery after the commit, as for messages.
 */
export async function queuePasswordChanged(
  s: Pick<Services, 'delivery' | 'clock'>,
  q: Queryable,
  username: string,
  reason: PasswordChangedPayload['reason'],
): Promise<void> {
  const queue = webhookQueueOf(s.delivery);
  if (!queue) return;
  await queue.queue(q, 'password.changed', {
    user: username,
    at: new Date(s.clock.now()).toISOString(),
    reason,
  });
}
