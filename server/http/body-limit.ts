// Request bodies bounded while they stream: a route's limit is enforced on the bytes read, declared or chunked.
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from '../problem.ts';

/** JSON bodies of every route but the few listed in `bodyLimits`. */
const jsonBodyLimit = 16 * 1024;

/** Routes that take more than a JSON form's worth; the whole policy is the largest document the API accepts. */
const bodyLimits: Readonly<Record<string, number>> = {
  '/v1/admin/policy': 256 * 1024,
};

/**
 * Stops reading a body at its route's limit and answers `413 payload_too_large` at once. Hono's `bodyLimit`
 * counts the streamed bytes (a missing or lying Content-Length changes nothing) and keeps at most the limit in
 * memory; the refusal asks Node to close the connection, so the rest of an oversized upload is never read.
 */
export function boundedBodies(limits = bodyLimits, fallback = jsonBodyLimit): MiddlewareHandler {
  const byLimit = new Map<number, MiddlewareHandler>();
  const limiter = (maxSize: number) => {
    let m = byLimit.get(maxSize);
    if (!m) {
      m = bodyLimit({
        maxSize,
        onError: (c) => {
          // Stop reading now: the answer goes out and Node closes the connection (see problemResponse).
          (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.pause();
          throw problem(413, 'payload_too_large', { detail: `the limit is ${maxSize} bytes` });
        },
      });
      byLimit.set(maxSize, m);
    }
    return m;
  };
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    return limiter(limits[c.req.path] ?? fallback)(c, next);
  };
}
