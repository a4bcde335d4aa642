// The console session's cookie: HttpOnly, SameSite=Strict, only under /admin, and Secure with the `__Secure-`
// prefix when the console is served over TLS (`__Host-` would need Path=/, which would send it to every route).
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** The header every console call carries; a cross-site form or image cannot send it. */
export const consoleHeader = 'x-regain-console';
const plainName = 'regain_console';
const secureName = '__Secure-regain_console';

/** TLS at this service or at the proxy in front of it. */
const overTls = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

export function consoleCookie(c: Context): string | undefined {
  return getCookie(c, secureName) ?? getCookie(c, plainName);
}

/** Sets the session cookie (a session cookie for the browser: the server ends it after 8 hours at most). */
export function setConsoleCookie(c: Context, token: string): void {
  const secure = overTls(c);
  setCookie(c, secure ? secureName : plainName, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/admin',
    secure,
  });
}

export function clearConsoleCookie(c: Context): void {
  const secure = overTls(c);
  setCookie(c, secure ? secureName : plainName, '', {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/admin',
    secure,
    maxAge: 0,
  });
}
