// CORS for /v1/*: an exact origin allowlist, Vary: Origin, preflights answered before auth and limits.
import type { MiddlewareHandler } from 'hono';

/** Paths that browsers must never reach cross-origin: server-to-server and admin calls. */
const closed = /^\/v1\/(tickets|admin|dev)(\/|$)/;

export function cors(allowed: (origin: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/widget/')) {
      await next();
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      return;
    }
    if (!path.startsWith('/v1/') || closed.test(path)) return next();
    const origin = c.req.header('origin');
    // Only an exact listed origin is echoed; `null` and unlisted origins get no CORS headers at all.
    const ok = origin !== undefined && origin !== 'null' && allowed(origin);
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      const res = new Response(null, { status: 204, headers: { Vary: 'Origin' } });
      if (ok) {
        res.headers.set('Access-Control-Allow-Origin', origin);
        res.headers.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        res.headers.set(
          'Access-Control-Allow-Headers',
          'Authorization, Content-Type, Accept-Language, If-Match',
        );
        res.headers.set('Access-Control-Max-Age', '600');
      }
      return res;
    }
    await next();
    c.res.headers.append('Vary', 'Origin');
    if (ok) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', 'ETag, Retry-After');
    }
  };
}
