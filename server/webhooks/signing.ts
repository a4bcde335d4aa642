// Signs what Regain POSTs to other services (webhooks, the SMS webhook) and checks such a signature for receivers.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Seconds since the epoch at which the request was signed. */
export const timestampHeader = 'Regain-Timestamp';
/** `v1=<hex HMAC-SHA256>`; several comma-separated values are allowed, any one may match. */
export const signatureHeader = 'Regain-Signature';
/** Receivers refuse a timestamp further than this from their own clock, in either direction. */
export const signatureToleranceSeconds = 300;

/**
 * The signature of one request: HMAC-SHA256 keyed with the shared secret over `${timestamp}.${body}`,
 * as `v1=<hex>`. The timestamp is inside the MAC so an old request cannot be replayed with a new one.
 * @example signWebhook('s3cret…', 1767225600, '{"id":"…"}') // 'v1=5d1c…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The headers to send with a body signed now (epoch ms); a retry signs again with its own time. */
export function signatureHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [timestampHeader]: String(timestamp),
    [signatureHeader]: signWebhook(secret, timestamp, body),
  };
}

/**
 * For receivers: true when `signature` (the Regain-Signature header) is a valid `v1` MAC of the exact raw
 * `body` bytes as received under `secret`, and `timestamp` (the Regain-Timestamp header, seconds) lies
 * within 5 minutes of `now` (epoch ms). Compares in constant time.
 *
 * A valid signature proves the sender, not freshness beyond those 5 minutes: to refuse replays inside
 * the window, remember each payload's `id` for at least 10 minutes and ignore one seen before. Regain
 * retries a delivery with the same `id` (and a fresh timestamp), so that also makes receivers idempotent.
 * Verify before parsing the JSON, over the raw body, never over a re-serialized object.
 * @example
 * const ok = verifyWebhookSignature(secret, req.headers['regain-timestamp'], rawBody,
 *   req.headers['regain-signature'], Date.now());
 * if (!ok || seenIds.has(JSON.parse(rawBody).id)) return res.writeHead(401).end();
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | null | undefined,
  body: string | Buffer,
  signature: string | null | undefined,
  now: number,
): boolean {
  if (!secret || timestamp === null || timestamp === undefined || !signature) return false;
  const ts =
    typeof timestamp === 'number' ? timestamp : /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isSafeInteger(ts)) return false;
  if (Math.abs(now / 1000 - ts) > signatureToleranceSeconds) return false;
  const expected = Buffer.from(
    signWebhook(secret, ts, typeof body === 'string' ? body : body.toString('utf8')),
  );
  let ok = false;
  // Every candidate is compared, so the time taken does not tell which one (if any) matched.
  for (const candidate of signature.split(',').slice(0, 8)) {
    const given = Buffer.from(candidate.trim());
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
