// The console's users: prefix search (any case, escaped, paged), a user's page masked as the user sees it, and
// the helpdesk's unblock, audited with the human's name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { block } from '../../../server/security/throttle.ts';
import { demoUsers } from '../../../server/seed-demo.ts';
import { consoleHeaders, consoleSignIn } from '../../helpers/console.ts';
import { startService, type TestService } from '../../helpers/service.ts';

let t: TestService;
let cookie = '';
beforeAll(async () => {
  t = await startService('postgres');
  cookie = (await consoleSignIn(t, 'hal', demoUsers.hal, 'hal@personal.example')).cookie;
});
afterAll(async () => t?.close());

const get = <T = Record<string, unknown>>(path: string) =>
  t.api.get<T>(path, { headers: { ...consoleHeaders(t), cookie } });
type Page = { users: { username: string }[]; next: string | null };

describe('console users', () => {
  it('finds users by a prefix of the user name or the display name, in any case', async () => {
    expect((await get<Page>('/admin/api/users?q=AL')).body.users.map((u) => u.username)).toEqual(['alice']);
    // Display names: "Bob Kelly" starts with "bob", "Dave Ortiz" with "Dave".
    expect((await get<Page>('/admin/api/users?q=dave%20o')).body.users.map((u) => u.username)).toEqual([
      'dave',
    ]);
    expect((await get<Page>('/admin/api/users?q=zz')).body.users).toEqual([]);
    // LIKE's wildcards are plain characters in what was typed.
    expect((await get<Page>('/admin/api/users?q=%25')).body.users).toEqual([]);
    expect((await get<Page>('/admin/api/users?q=_')).body.users).toEqual([]);
  });

  it('pages 25 at a time with a cursor, without repeating or skipping anyone', async () => {
    for (let i = 0; i < 30; i++)
      await t.rt.directory.addUser({
        username: `member${String(i).padStart(2, '0')}`,
        displayName: `Member ${i}`,
        email: `member${i}@contoso.com`,
        password: 'Tangerine-Comet-Willow-88',
      });
    const first = (await get<Page>('/admin/api/users?q=member')).body;
    expect(first.users).toHaveLength(25);
    expect(first.next).toBe('member24');
    const second = (await get<Page>(`/admin/api/users?q=member&after=${first.next}`)).body;
    expect(second.users.map((u) => u.username)).toEqual([
      'member25',
      'member26',
      'member27',
      'member28',
      'member29',
    ]);
    expect(second.next).toBeNull();
    expect((await get('/admin/api/users?q=x&unknown=1')).status).toBe(400);
  });

  it("shows a user's methods masked, with their source, and never the values", async () => {
    const res = await get<{ methods: { id: string; hint: string; source: string }[]; configured: boolean }>(
      '/admin/api/users/alice',
    );
    expect(res.status).toBe(200);
    expect(res.body.configured).toBe(true);
    expect(res.body.methods.map((m) => [m.id, m.source])).toEqual([
      ['alternateEmail', 'user'],
      ['mobilePhone', 'user'],
      ['officePhone', 'user'],
    ]);
    expect(res.text).not.toContain('alice@personal.example');
    expect(res.text).not.toContain('4255550100');
    expect((await get('/admin/api/users/nobody-at-all')).status).toBe(404);
  });

  it('lets the helpdesk unblock a blocked user; the audit names the human', async () => {
    const [alice] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'alice'");
    const now = t.clock.now();
    await block(t.db, `fail:u:${alice!.id}:mobilePhone`, `u:${alice!.id}`, now + 3_600_000, now);
    await block(t.db, `regfail:u:${alice!.id}:alternateEmail`, `u:${alice!.id}`, now + 3_600_000, now);
    const before = await get<{ blocks: { what: string }[] }>('/admin/api/users/alice');
    expect(before.body.blocks.map((b) => b.what)).toEqual([
      'mobilePhone (failed codes, proofs or answers)',
      'registration codes (alternateEmail)',
    ]);
    const out = await t.api.post(
      '/admin/api/users/alice/unblock',
      {},
      { headers: { ...consoleHeaders(t), cookie } },
    );
    expect(out.status).toBe(204);
    const after = await get<{ blocks: unknown[]; events: { detail: string; actor: string | null }[] }>(
      '/admin/api/users/alice',
    );
    expect(after.body.blocks).toEqual([]);
    expect(after.body.events[0]).toMatchObject({ detail: 'user_unblocked', actor: 'console:hal' });
  });

  it('keeps the audit to admins: the helpdesk gets 403, an admin the events and their CSV', async () => {
    expect((await get('/admin/api/audit')).status).toBe(403);
    expect((await get('/admin/api/audit')).body).toMatchObject({ code: 'forbidden', detail: 'admins only' });
    const ada = (await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example')).cookie;
    const headers = { ...consoleHeaders(t), cookie: ada };
    const json = await t.api.get<{ events: { detail: string; actor: string | null }[] }>(
      '/admin/api/audit?user=alice&limit=5',
      { headers },
    );
    expect(json.status).toBe(200);
    expect(json.body.events[0]).toMatchObject({ detail: 'user_unblocked', actor: 'console:hal' });
    const csv = await t.api.get('/admin/api/audit?user=alice&limit=5', {
      headers: { ...headers, accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\n')[0]).toMatch(/^id,at,kind/);
    expect(csv.text).toContain('console:hal');
  });
});

describe('console user actions', () => {
  const put = (cookieHeader: string, username: string, body: unknown) =>
    t.api.put<{ methods: { id: string; source: string; hint: string }[]; code?: string }>(
      `/admin/api/users/${username}/contact`,
      body,
      { headers: { ...consoleHeaders(t), cookie: cookieHeader } },
    );

  it('sets admin contact data (shown masked, source admin) and removes it with null', async () => {
    const set = await put(cookie, 'carol', { mobilePhone: '+1 425 555 0177' });
    expect(set.status).toBe(200);
    expect(set.body.methods).toEqual([expect.objectContaining({ id: 'mobilePhone', source: 'admin' })]);
    expect(set.text).not.toContain('4255550177');
    const bad = await put(cookie, 'carol', { mobilePhone: '+1 900 555 0100' });
    expect(bad.status).toBe(422);
    const gone = await put(cookie, 'carol', { mobilePhone: null });
    expect(gone.body.methods).toEqual([]);
  });

  it("keeps privileged accounts' methods to admins: the helpdesk gets 403", async () => {
    const refused = await put(cookie, 'dave', { alternateEmail: 'attacker@example.org' });
    expect(refused.status).toBe(403);
    const ada = (await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example')).cookie;
    const done = await put(ada, 'dave', { officePhone: '+14255550188' });
    expect(done.status).toBe(200);
  });

  it('ends the open reset flows and registration sessions of a user', async () => {
    const session = await t.api.post<{ token: string }>('/v1/registration/session', {
      username: 'bob',
      password: demoUsers.bob,
    });
    expect((await t.api.get('/v1/registration', { token: session.body.token })).status).toBe(200);
    const out = await t.api.post(
      '/admin/api/users/bob/revoke',
      {},
      { headers: { ...consoleHeaders(t), cookie } },
    );
    expect(out.status).toBe(204);
    expect((await t.api.get('/v1/registration', { token: session.body.token })).status).toBe(401);
    const [event] = await t.db.query<{ actor: string }>(
      "SELECT actor FROM audit WHERE detail = 'sessions_revoked' ORDER BY id DESC LIMIT 1",
    );
    expect(event?.actor).toBe('console:hal');
  });
});

describe('console API keys', () => {
  it('lets an admin create a key (secret shown once), list it without the secret, and revoke it', async () => {
    const ada = (await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example')).cookie;
    const headers = { ...consoleHeaders(t), cookie: ada };
    const bad = await t.api.post(
      '/admin/api/keys',
      { name: 'login', scope: 'tickets', cidrs: ['10.0.0.0/33'] },
      { headers },
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ field: 'cidrs.0' });
    const made = await t.api.post<{ key: string; id: string }>(
      '/admin/api/keys',
      { name: 'login backend', scope: 'tickets', cidrs: ['10.0.0.0/8'] },
      { headers },
    );
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^rgk_[0-9a-f]{12}_/);
    const list = await t.api.get<{
      keys: { id: string; name: string; cidrs: string[]; revokedAt: string | null }[];
    }>('/admin/api/keys', { headers });
    expect(list.text).not.toContain(made.body.key);
    expect(list.body.keys.find((k) => k.id === made.body.id)).toMatchObject({
      name: 'login backend',
      cidrs: ['10.0.0.0/8'],
      revokedAt: null,
    });
    const revoked = await t.api.post(`/admin/api/keys/${made.body.id}/revoke`, {}, { headers });
    expect(revoked.status).toBe(204);
    expect((await t.api.post(`/admin/api/keys/${made.body.id}/revoke`, {}, { headers })).status).toBe(404);
    // A revoked key opens nothing.
    const use = await t.api.post('/v1/tickets', { username: 'carol' }, { token: made.body.key });
    expect(use.status).toBe(401);
    const events = await t.db.query<{ detail: string; actor: string }>(
      "SELECT detail, actor FROM audit WHERE detail IN ('key_created', 'key_revoked') ORDER BY id",
    );
    expect(events.slice(-2)).toEqual([
      { detail: 'key_created', actor: 'console:ada' },
      { detail: 'key_revoked', actor: 'console:ada' },
    ]);
    // The helpdesk sees no keys.
    expect((await get('/admin/api/keys')).status).toBe(403);
  });
});
