// Signatures for the HTTP directory connector, both directions: the webhook scheme over `method.path.body`.
import {
  signatureHeaders,
  signatureToleranceSeconds,
  signWebhook,
  verifyWebhookSignature,
  signatureHeader as webhookSignatureHeader,
  timestampHeader as webhookTimestampHeader,
} from '../../webhooks/signing.ts';

// One scheme for everything Regain signs, so an organization writes one verifier for webhooks and this connector.
export const timestampHeader = webhookTimestampHeader;
export const signatureHeader = webhookSignatureHeader;
/** How far a signed message's timestamp may be from our clock, either way; older ones are replays. */
export const maxSkewSeconds = signatureToleranceSeconds;

// The webhook MAC covers `${timestamp}.${body}`; putting method and path in front of the body makes it
// `${timestamp}.${METHOD}.${path}.${body}`, so a signature cannot be moved to another endpoint.
const covered = (method: string, path: string, body: string) => `${method.toUpperCase()}.${path}.${body}`;

/**
 * The Regain-Signature value of one message: `v1=` and the hex HMAC-SHA256 of `timestamp.METHOD.path.body`, where
 * `timestamp` is Unix seconds as sent in Regain-Timestamp, `path` the URL path as requested (including any base
 * path, no query) and `body` the exact bytes sent ('' when none). A response is signed with the method and path
 * of the request it answers, which binds it to that request.
 *
 * @example sign('s3cret…', 1767225600, 'POST', '/regain/lookup', '{"username":"alice"}') // 'v1=9f0c…'
 */
export function sign(secret: string, timestamp: number, method: string, path: string, body: string): string {
  return signWebhook(secret, timestamp, covered(method, path, body));
}

/** The two headers for a message sent at `nowMs`. */
export function signedHeaders(
  secret: string,
  nowMs: number,
  method: string,
  path: string,
  body: string,
): Record<string, string> {
  return signatureHeaders(secret, covered(method, path, body), nowMs);
}

/**
 * True when a signature matches and the timestamp is within maxSkewSeconds of `nowMs`; compares in constant time.
 * Missing or malformed headers are simply false.
 */
export function verifySignature(
  secret: string,
  nowMs: number,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  method: string,
  path: string,
  body: string,
): boolean {
  return verifyWebhookSignature(
    secret,
    headers.timestamp,
    covered(method, path, body),
    headers.signature,
    nowMs,
  );
}
