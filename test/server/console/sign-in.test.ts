// Console sign-in: password, then a code to the admin's own method, then an HttpOnly cookie under /admin that
// only the console page may use (CSRF), ending after 30 idle minutes, 8 hours, sign-out or a password change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../server/security/tokens.ts';
import { demoUsers } from '../../../server/seed-demo.ts';
import { consoleHeaders, consoleSignIn } from '../../helpers/console.ts';
import { codeFor, dbKinds, latestMessageId, startService, type TestService } from '../../helpers/service.ts';

describe.each(dbKinds)('console sign-in on %s', (kind) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startService(kind);
  });
  afterAll(async () => t?.close());

  /** A call that needs the session: 200 while it lives, 401 once it ended. */
  const me = (cookie: string, headers: Record<string, string> = consoleHeaders(t)) =>
    t.api.get('/admin/api/overview', { headers: { ...headers, cookie } });
  const whoami = (cookie: string) =>
    t.api.get<{ me: { username: string; role: string } | null }>('/admin/api/me', {
      headers: { ...consoleHeaders(t), cookie },
    });
  const signInStart = (username: string, password: string, headers = consoleHeaders(t)) =>
    t.api.post<{ challenge: string; role: string; methods: { id: string; hint: string }[]; code?: string }>(
      '/admin/api/sign-in',
      { username, password },
      { headers },
    );

  it('signs the demo admin in with password and emailed code; the cookie is HttpOnly, Strict, under /admin', async () => {
    const { setCookie, cookie, answer } = await consoleSignIn(
      t,
      'ada',
      demoUsers.ada,
      'ada@personal.example',
    );
    expect(answer).toMatchObject({ username: 'ada', displayName: 'Ada Quinn', role: 'admin' });
    expect(setCookie).toMatch(/^regain_console=[\w-]{20,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/admin(;|$)/);
    const who = await whoami(cookie);
    expect(who.status).toBe(200);
    expect(who.body.me).toMatchObject({ username: 'ada', role: 'admin' });
    // Nobody signed in is an answer too, not a 401 for the console page to log.
    expect((await whoami('regain_console=nonsense')).body).toEqual({ me: null });
    expect((await me(cookie)).body).toMatchObject({ users: { total: expect.any(Number) } });
    // Stored hashed only.
    const token = cookie.split('=')[1]!;
    const rows = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM console_sessions');
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    const audit = await t.db.query<{ detail: string; user_id: string }>(
      `SELECT detail FROM audit WHERE kind = 'console' ORDER BY id`,
    );
    expect(audit.map((a) => a.detail)).toEqual(expect.arrayContaining(['code_sent', 'session_opened']));
  });

  it('gives the helpdesk group the helpdesk role, and shows only masked methods before the code', async () => {
    const start = await signInStart('hal', demoUsers.hal);
    expect(start.status).toBe(201);
    expect(start.body.role).toBe('helpdesk');
    expect(start.body.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone']);
    expect(JSON.stringify(start.body)).not.toContain('hal@personal.example');
    expect(JSON.stringify(start.body)).not.toContain('4255550105');
  });

  it('refuses a wrong password and an unknown user alike (401), and a user outside the groups (403)', async () => {
    const wrong = await signInStart('ada', 'not-her-password');
    const ghost = await signInStart('ghost', 'not-her-password');
    expect([wrong.status, ghost.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual({ ...ghost.body });
    const alice = await signInStart('alice', demoUsers.alice);
    expect(alice.status).toBe(403);
    expect(alice.body).toMatchObject({ code: 'forbidden' });
  });

  it('refuses an admin with no second factor on file, saying so', async () => {
    await t.rt.directory.addUser({
      username: 'nora',
      displayName: 'Nora Admin',
      email: 'nora@contoso.com',
      password: 'Willow-Granite-Comet-12',
      groups: ['Regain Admins'],
    });
    const res = await signInStart('nora', 'Willow-Granite-Comet-12');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'second_factor_required' });
  });

  it('answers 403 to calls that do not come from the console page: another origin, no header, cross-site', async () => {
    const { cookie } = await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example');
    const base = consoleHeaders(t);
    const refused: Record<string, string>[] = [
      { ...base, origin: 'https://evil.example' },
      { origin: base.origin! },
      { ...base, 'sec-fetch-site': 'cross-site' },
      { 'x-regain-console': '1' },
    ];
    for (const headers of refused) {
      const refusedCall = await me(cookie, headers);
      expect(refusedCall.status, JSON.stringify(headers)).toBe(403);
      expect(refusedCall.body).toMatchObject({ code: 'csrf_refused' });
      const out = await t.api.post('/admin/api/sign-out', {}, { headers: { ...headers, cookie } });
      expect(out.status).toBe(403);
      expect((await signInStart('ada', demoUsers.ada, headers)).status).toBe(403);
    }
    // The session survived every refused sign-out.
    expect((await me(cookie)).status).toBe(200);
    // And the console API gives no CORS headers to anyone.
    const res = await me(cookie);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('ends after 30 idle minutes, and after 8 hours however busy', async () => {
    const idle = await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example');
    const busy = await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example');
    const start = t.clock.now();
    {
      t.clock.advance(29 * 60_000);
      expect((await me(busy.cookie)).status).toBe(200);
      t.clock.advance(2 * 60_000);
      const gone = await me(idle.cookie);
      expect(gone.status).toBe(401);
      expect(gone.headers.get('www-authenticate')).toBe('Cookie realm="regain-console"');
      // Used every 20 minutes, the busy one lives until 8 hours after it was opened, and not a minute more.
      while (t.clock.now() - start < 8 * 3_600_000 - 20 * 60_000) {
        t.clock.advance(20 * 60_000);
        expect((await me(busy.cookie)).status).toBe(200);
      }
      t.clock.set(start + 8 * 3_600_000 + 1000);
      expect((await me(busy.cookie)).status).toBe(401);
    }
  });

  it('ends at sign-out (the cookie is cleared) and when the admin changes their password', async () => {
    const a = await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example');
    const out = await t.api.post(
      '/admin/api/sign-out',
      {},
      { headers: { ...consoleHeaders(t), cookie: a.cookie } },
    );
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^regain_console=;.*Max-Age=0/i);
    expect((await me(a.cookie)).status).toBe(401);

    const b = await consoleSignIn(t, 'hal', demoUsers.hal, 'hal@personal.example');
    const next = 'Orbit-Saffron-Delta-93';
    const change = await t.api.post('/v1/password/change', {
      username: 'hal',
      currentPassword: demoUsers.hal,
      newPassword: next,
    });
    expect(change.status).toBe(200);
    expect((await me(b.cookie)).status).toBe(401);
  });

  it('counts wrong codes like a reset gate and blocks the method at the limit', async () => {
    // The clock only moves forward here: codes to one address are paced a minute apart.
    t.clock.advance(61_000);
    const start = await signInStart('ada', demoUsers.ada);
    const headers = consoleHeaders(t);
    const before = await latestMessageId(t, 'ada@personal.example');
    {
      const sent = await t.api.post(
        '/admin/api/sign-in/challenge',
        { challenge: start.body.challenge, method: 'alternateEmail' },
        { headers },
      );
      expect(sent.status).toBe(202);
      const code = await codeFor(t, 'ada@personal.example', before);
      const wrong = code === '00000000' ? '11111111' : '00000000';
      const lefts: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const v = await t.api.post(
          '/admin/api/sign-in/verify',
          { challenge: start.body.challenge, method: 'alternateEmail', code: wrong },
          { headers },
        );
        lefts.push(v.status === 400 ? v.body.attemptsLeft : v.status);
      }
      expect(lefts.slice(0, 4)).toEqual([4, 3, 2, 1]);
      const right = await t.api.post(
        '/admin/api/sign-in/verify',
        { challenge: start.body.challenge, method: 'alternateEmail', code },
        { headers },
      );
      expect(right.status).toBe(429);
    }
  });
});
