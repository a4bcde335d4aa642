// The Contoso demo sign-in site: its own small backend signs users in, then asks Regain for a registration ticket.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  modulePage,
  type PageContext,
  pageLang,
  plainPage,
  signInPage,
  spaPage,
  strictCspPage,
  unlistedPage,
  welcomePage,
} from './pages.ts';

export interface DemoUser {
  username: string;
  displayName: string;
}

export interface DemoOptions {
  /** The Regain service's origin, e.g. http://127.0.0.1:8080. */
  api: string;
  /** An API key with scope `tickets`; used server to server only. */
  ticketKey: string;
  /** Checks a password against the directory; null when the user name or password is wrong. */
  signIn(username: string, password: string): Promise<DemoUser | null>;
  fetch?: typeof fetch;
  log?: (msg: string, err?: unknown) => void;
}

interface Session extends DemoUser {
  /** Shown once on the welcome page, then forgotten: a ticket is single use. */
  ticket: string | null;
}

const staticDir = new URL('./static/', import.meta.url);
const staticFiles: Record<string, string> = {
  'demo.css': 'text/css; charset=utf-8',
  'events.js': 'text/javascript; charset=utf-8',
  'spa.js': 'text/javascript; charset=utf-8',
  'welcome.js': 'text/javascript; charset=utf-8',
  'module.js': 'text/javascript; charset=utf-8',
};

/** The CSP every demo page is served with: the strictest one the issue asks the widget to work under. */
export function demoCsp(api: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${api}`,
    "style-src 'self'",
    `connect-src ${api}`,
    `img-src 'self' ${api}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

export function createDemoApp(o: DemoOptions): Hono {
  const api = o.api.replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;
  const sessions = new Map<string, Session>();
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', demoCsp(api));
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  const ctx = (c: Context): PageContext => ({ api, lang: pageLang(c.req.query('lang')) });
  app.get('/', (c) => c.html(signInPage(ctx(c))));
  app.get('/plain', (c) => c.html(plainPage(ctx(c))));
  app.get('/spa', (c) => c.html(spaPage(ctx(c), c.req.query('widget') !== '0')));
  app.get('/strict-csp', (c) => c.html(strictCspPage(ctx(c))));
  app.get('/module', (c) => c.html(modulePage(ctx(c))));
  app.get('/unlisted', (c) => c.html(unlistedPage(ctx(c))));
  // Browsers ask for it on every page: an empty answer rather than a 404 logged in the console.
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' }));
  const cache = new Map<string, Promise<string>>();
  app.get('/static/:file', async (c) => {
    const file = c.req.param('file');
    const type = staticFiles[file];
    if (!type) return c.notFound();
    // Read once per process: the files are part of the checkout, not content that changes under it.
    const body = cache.get(file) ?? readFile(new URL(file, staticDir), 'utf8');
    cache.set(file, body);
    return c.body(await body, 200, { 'Content-Type': type });
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const username = typeof form.username === 'string' ? form.username.slice(0, 256) : '';
    const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
    const from = form.from === '/plain' ? '/plain' : form.from === '/spa' ? '/spa' : '/';
    const user = username && password ? await o.signIn(username, password) : null;
    if (!user) {
      const error = 'User name or password is wrong.';
      const again = from === '/plain' ? plainPage(ctx(c), error) : signInPage(ctx(c), error, username);
      return c.html(again, 401);
    }
    const sid = randomBytes(24).toString('base64url');
    sessions.set(sid, { ...user, ticket: await ticketFor(user.username) });
    setCookie(c, 'contoso_sid', sid, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.redirect('/welcome', 303);
  });

  app.get('/welcome', (c) => {
    const s = sessions.get(getCookie(c, 'contoso_sid') ?? '');
    if (!s) return c.redirect('/', 303);
    const ticket = s.ticket;
    s.ticket = null;
    return c.html(welcomePage(ctx(c), s.displayName, ticket));
  });

  app.post('/logout', (c) => {
    sessions.delete(getCookie(c, 'contoso_sid') ?? '');
    deleteCookie(c, 'contoso_sid', { path: '/' });
    return c.redirect('/', 303);
  });

  /** Asks Regain, server to server, whether to prompt; a ticket only when a prompt is due. Failures never block sign-in. */
  async function ticketFor(username: string): Promise<string | null> {
    try {
      const res = await doFetch(`${api}/v1/tickets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${o.ticketKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username }),
      });
      if (res.status !== 201) {
        o.log?.(`ticket refused: ${res.status}`);
        return null;
      }
      const body = (await res.json()) as { ticket: string; status: { prompt: string } };
      return body.status.prompt === 'none' ? null : body.ticket;
    } catch (err) {
      o.log?.('ticket request failed', err);
      return null;
    }
  }
  return app;
}

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the demo site on loopback (port 0 picks a free one). With `anyPortIfBusy`, a taken port (another instance
 * started beside this one) falls back to a free one; the returned url says which.
 */
export async function startDemo(
  o: DemoOptions & { port?: number; host?: string; anyPortIfBusy?: boolean },
): Promise<RunningDemo> {
  const app = createDemoApp(o);
  const host = o.host ?? '127.0.0.1';
  const listenOn = (port: number) =>
    new Promise<RunningDemo>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
        server.off('error', reject);
        resolve({
          url: `http://${host}:${info.port}`,
          close: () => new Promise<void>((r) => server.close(() => r())),
        });
      });
      server.once('error', reject);
    });
  try {
    return await listenOn(o.port ?? 0);
  } catch (err) {
    if (!o.anyPortIfBusy || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return listenOn(0);
  }
}
