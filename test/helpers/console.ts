// Console sign-in for tests: the headers the console page sends, and a full password + emailed-code sign-in.
import { codeFor, latestMessageId, type TestService } from './service.ts';

/** What the console's own page sends with every call (same origin, the console header). */
export const consoleHeaders = (t: TestService): Record<string, string> => ({
  origin: t.url,
  'x-regain-console': '1',
});

/** Signs `username` in with the password and a code to `email`; returns the cookie header and the answer. */
export async function consoleSignIn(t: TestService, username: string, password: string, email: string) {
  const headers = consoleHeaders(t);
  const first = await t.api.post<{ challenge: string }>(
    '/admin/api/sign-in',
    { username, password },
    { headers },
  );
  if (first.status !== 201) throw new Error(`console sign-in: ${first.status} ${first.text}`);
  const before = await latestMessageId(t, email);
  // Codes to one address are paced a minute apart: each sign-in comes a minute after the one before.
  t.clock.advance(61_000);
  const sent = await t.api.post(
    '/admin/api/sign-in/challenge',
    { challenge: first.body.challenge, method: 'alternateEmail' },
    { headers },
  );
  if (sent.status !== 202) throw new Error(`console challenge: ${sent.status} ${sent.text}`);
  const code = await codeFor(t, email, before);
  const done = await t.api.post<{ role: string }>(
    '/admin/api/sign-in/verify',
    { challenge: first.body.challenge, method: 'alternateEmail', code },
    { headers },
  );
  if (done.status !== 200) throw new Error(`console verify: ${done.status} ${done.text}`);
  const setCookie = done.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, setCookie, answer: done.body };
}
