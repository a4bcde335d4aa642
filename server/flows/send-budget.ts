// Limits on sending codes, shared by reset and registration: pacing per destination, email and SMS/voice budgets.
import type { Channel } from '../../api/methods.ts';
import type { Policy } from '../../api/policy.ts';
import type { Keyring } from '../security/keyring.ts';
import { type Take, take } from '../security/throttle.ts';
import type { Queryable } from '../store/db.ts';

const hour = 3_600_000;

/**
 * Takes the budgets for one send: ≥ N seconds between sends to one destination (`send_paced`), then 10 emails
 * per 10 minutes per user, or for phones 10 per user per day, 10 per 6-digit E.164 prefix per 10 minutes and a
 * global hourly budget that fails closed (SMS pumping). `destKey` stands for the destination (decoys use a
 * keyed hash of their made-up one, so they pace the same way).
 */
export async function takeSendBudget(
  q: Queryable,
  p: Policy,
  keys: Keyring,
  subject: string,
  channel: Channel,
  destination: string | undefined,
  destKey: string,
  now: number,
): Promise<{ paced: number } | { throttled: number } | null> {
  const t = p.throttles;
  const paced = await take(
    q,
    // Addresses compare case-insensitively, so `Bob@X` and `bob@x` share one pace.
    `pace:${keys.stableHmac('dest', channel === 'email' ? destKey.toLowerCase() : destKey)}`,
    subject,
    1,
    t.sendSpacingSeconds * 1000,
    now,
  );
  if (!paced.ok) return { paced: paced.retryAfter };
  let budget: Take;
  if (channel === 'email')
    budget = await take(q, `email:${subject}`, subject, t.emailsPer10Minutes, 10 * 60_000, now);
  else {
    budget = await take(q, `phoneday:${subject}`, subject, t.phoneSendsPerUserPerDay, 24 * hour, now);
    if (budget.ok && destination)
      budget = await take(
        q,
        `prefix:${destination.slice(0, 7)}`,
        null,
        t.phoneSendsPerPrefixPer10Minutes,
        10 * 60_000,
        now,
      );
    if (budget.ok && destination)
      budget = await take(q, 'phoneglobal:all', null, t.phoneSendsGlobalPerHour, hour, now);
  }
  return budget.ok ? null : { throttled: budget.retryAfter };
}
