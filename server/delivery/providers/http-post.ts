// One POST to an SMS/voice HTTP API, bounded in time, its outcome sorted for the worker: 4xx permanent, the rest retried.
import { PermanentDeliveryError } from '../provider.ts';
import { redact } from '../redact.ts';

/** A failure worth retrying: the network, a timeout, a 5xx, a 408 or a 429; the worker backs off. */
export class HttpDeliveryError extends Error {
  override readonly name = 'HttpDeliveryError';
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

export interface DeliveryPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Names the provider in error messages (`twilio`, `sms webhook`). */
  what: string;
  /**
   * Extracts a short reason from an error answer's body (a provider's error code). It is logged as is, so
   * it must hold nothing from the message; without it, the body is shown redacted.
   */
  describe?: (body: string) => string | undefined;
}

/**
 * POSTs once and resolves on a 2xx. Redirects are not followed: credentials and codes go only to the
 * configured URL, and a redirect would be a configuration problem to see in the logs.
 */
export async function postForDelivery(p: DeliveryPost): Promise<void> {
  let res: Response;
  try {
    res = await fetch(p.url, {
      method: 'POST',
      headers: p.headers,
      body: p.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(p.timeoutMs),
    });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    // The cause (ECONNREFUSED, a TLS error) may name the host and port, so it is redacted.
    const reason =
      e.name === 'TimeoutError'
        ? `timed out after ${p.timeoutMs / 1000} s`
        : redact(`${e.message}${cause}`).slice(0, 200);
    throw new HttpDeliveryError(`${p.what} request failed: ${reason}`, undefined);
  }
  // Read the body in any case, so the connection can be reused; only a bounded part is ever looked at.
  const text = await res.text().catch(() => '');
  if (res.ok) return;
  const detail = p.describe?.(text) ?? redact(text.replace(/\s+/g, ' ').trim()).slice(0, 200);
  throw classifyHttpStatus(res.status, `${p.what} answered ${res.status}${detail ? `: ${detail}` : ''}`);
}

/**
 * Sorts an answer that is not a 2xx. A 4xx says this request is wrong (a refused number, bad credentials,
 * an unverified sender) and will be refused again: PermanentDeliveryError, so the worker stops at once.
 * 408 and 429 are the exceptions, as they ask for the same request later. 5xx, 3xx and anything else are
 * retried with backoff.
 */
export function classifyHttpStatus(status: number, message: string): Error {
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return new PermanentDeliveryError(message);
  return new HttpDeliveryError(message, status);
}
