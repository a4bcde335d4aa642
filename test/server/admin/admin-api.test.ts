// The admin API over HTTP: key checks, policy round trip and validation, user view, contact data, unblock, audit and CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../api/admin.ts';
import type { Policy } from '../../../api/policy.ts';
import { createApiKey, revokeApiKey } from '../../../server/security/api-keys.ts';
import { type Answer, deepMerge, startReset, startService, type TestService } from '../../helpers/service.ts';

interface ContactRow {
  id: string;
  value: string;
  source: 'user' | 'admin' | 'directory';
  verifiedAt: string | null;
}
interface AdminUser {
  username: string;
  displayName: string;
  contact: ContactRow[];
  questionsRegistered: number;
  configured: boolean;
}
interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

const csvHeader = 'id,at,kind,actor,user,subjectHmac,ip,userAgent,method,result,detail';

/** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

describe('admin API', () => {
  let t: TestService;
  const admin = () => ({ token: t.adminKey });

  function expectValidation(a: Answer, status: number, field: string): void {
    expect(a.status, a.text).toBe(status);
    expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(a.body.code).toBe('validation_failed');
    expect(a.body.field).toBe(field);
  }

  beforeAll(async () => {
    t = await startService('postgres');
  });
  afterAll(async () => t?.close());

  describe('authentication', () => {
    const paths: [string, string, unknown?][] = [
      ['GET', '/v1/admin/policy'],
      ['PUT', '/v1/admin/policy', {}],
      ['GET', '/v1/admin/users/alice'],
      ['PUT', '/v1/admin/users/alice/contact', { mobilePhone: null }],
      ['POST', '/v1/admin/users/alice/unblock'],
      ['GET', '/v1/admin/audit'],
    ];

    it('refuses requests without a key, with a wrong key, a tickets key (403 insufficient_scope) or a revoked key', async () => {
      const now = t.clock.now();
      const tickets = await createApiKey(t.db, { scope: 'tickets', name: 'login backend', now });
      const revoked = await createApiKey(t.db, { scope: 'admin', name: 'former admin', now });
      expect(await revokeApiKey(t.db, revoked.id, now)).toBe(true);
      const wrong = `${t.adminKey.slice(0, 17)}${'A'.repeat(t.adminKey.length - 17)}`;
      const before = (await t.api.get('/v1/admin/policy', admin())).body;
      const credentials: [string, Record<string, string>][] = [
        ['none', {}],
        ['wrong secret', { authorization: `Bearer ${wrong}` }],
        ['tickets scope', { authorization: `Bearer ${tickets.key}` }],
        ['revoked', { authorization: `Bearer ${revoked.key}` }],
        ['not bearer', { authorization: `Basic ${Buffer.from(`admin:${t.adminKey}`).toString('base64')}` }],
        ['garbage', { authorization: 'Bearer rgk_zz' }],
      ];
      for (const [label, headers] of credentials)
        for (const [method, path, body] of paths) {
          const a = await t.api.call(method, path, body, { headers });
          // RFC 6750 §3.1: a valid key without the route's scope is 403, naming the scope it lacks.
          const scoped = label === 'tickets scope';
          expect(a.status, `${label}: ${method} ${path}`).toBe(scoped ? 403 : 401);
          expect(a.body.code).toBe(scoped ? 'insufficient_scope' : 'unauthorized');
          if (scoped)
            expect(a.headers.get('www-authenticate')).toBe(
              'Bearer realm="regain", error="insufficient_scope", scope="admin"',
            );
          expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        }
      // Nothing above changed anything.
      expect((await t.api.get('/v1/admin/policy', admin())).body).toEqual(before);
    });

    it('honours a key bound to CIDRs', async () => {
      const now = t.clock.now();
      const elsewhere = await createApiKey(t.db, {
        scope: 'admin',
        name: 'vpn only',
        cidrs: ['10.0.0.0/8'],
        now,
      });
      const local = await createApiKey(t.db, {
        scope: 'admin',
        name: 'loopback',
        cidrs: ['127.0.0.0/8'],
        now,
      });
      expect((await t.api.get('/v1/admin/policy', { token: elsewhere.key })).status).toBe(401);
      expect((await t.api.get('/v1/admin/policy', { token: local.key })).status).toBe(200);
    });
  });

  describe('policy', () => {
    it('round-trips a whole policy and audits it with before and after', async () => {
      const current = await t.api.get<Policy>('/v1/admin/policy', admin());
      expect(current.status).toBe(200);
      expect(current.body.organization.name).toBe('Contoso');
      const next = deepMerge(current.body, {
        organization: { name: 'Contoso Ltd' },
        registration: { snoozeDays: 7, reconfirmDays: 90 },
        password: { bannedTerms: ['contoso', 'redmond'] },
      });
      const put = await t.api.put<Policy>('/v1/admin/policy', next, admin());
      expect(put.status, put.text).toBe(200);
      expect(put.body).toEqual(next);
      expect((await t.api.get('/v1/admin/policy', admin())).body).toEqual(next);
      expect((await t.api.get<{ organization: { name: string } }>('/v1/config')).body.organization.name).toBe(
        'Contoso Ltd',
      );

      const audit = await t.api.get<AuditPage>('/v1/admin/audit?kind=policy&limit=1', admin());
      const [event] = audit.body.events;
      expect(event).toMatchObject({ kind: 'policy', detail: 'policy_changed', result: 'succeeded' });
      expect(event?.actor).toBe(`key:${t.adminKey.slice(4, 16)}`);
      const data = event?.data as { before: Policy; after: Policy };
      expect(data.before.organization.name).toBe('Contoso');
      expect(data.before.registration.snoozeDays).toBe(current.body.registration.snoozeDays);
      expect(data.after).toEqual(next);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['3 gates', { reset: { gatesRequired: 3 } }, 'reset.gatesRequired'],
      [
        'toReset over toRegister',
        { methods: { questions: { toRegister: 3, toReset: 5 } } },
        'methods.questions.toReset',
      ],
      ['reconfirmDays 731', { registration: { reconfirmDays: 731 } }, 'registration.reconfirmDays'],
      ['snoozeDays 15', { registration: { snoozeDays: 15 } }, 'registration.snoozeDays'],
      [
        'a custom question of 201 characters',
        { methods: { questions: { custom: [{ id: 'custom.long', text: 'q'.repeat(201) }] } } },
        'methods.questions.custom.0.text',
      ],
      [
        '21 custom questions',
        {
          methods: {
            questions: {
              custom: Array.from({ length: 21 }, (_, i) => ({
                id: `custom.q${i}`,
                text: `Question number ${i}?`,
              })),
            },
          },
        },
        'methods.questions.custom',
      ],
      ['a javascript: helpdesk URL', { helpdesk: { url: 'javascript:alert(1)' } }, 'helpdesk.url'],
      ['a NUL in the organization name', { organization: { name: 'Contoso\u0000' } }, 'organization.name'],
      ['an unknown setting', { reset: { gatesRequired: 1, bogus: true } }, 'reset'],
    ])('refuses %s with 422 naming the field and keeps the stored policy', async (_label, patch, field) => {
      const before = (await t.api.get<Policy>('/v1/admin/policy', admin())).body;
      const a = await t.api.put('/v1/admin/policy', deepMerge(before, patch), admin());
      expectValidation(a, 422, field);
      expect((await t.api.get('/v1/admin/policy', admin())).body).toEqual(before);
    });

    it('refuses non-JSON and malformed policy bodies without changing anything', async () => {
      const before = (await t.api.get('/v1/admin/policy', admin())).body;
      const text = await t.api.put('/v1/admin/policy', '{}', {
        ...admin(),
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
      const broken = await t.api.put('/v1/admin/policy', '{"reset":', admin());
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('validation_failed');
      const array = await t.api.put('/v1/admin/policy', [], admin());
      expect([400, 422]).toContain(array.status);
      expect((await t.api.get('/v1/admin/policy', admin())).body).toEqual(before);
    });
  });

  describe('users', () => {
    it('shows contact data with sources and never security answers', async () => {
      const a = await t.api.get<AdminUser>('/v1/admin/users/alice', admin());
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({
        username: 'alice',
        displayName: 'Alice Wong',
        questionsRegistered: 3,
        configured: true,
      });
      expect(a.body.contact).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'alternateEmail', value: 'alice@personal.example', source: 'user' }),
          expect.objectContaining({ id: 'mobilePhone', value: '+14255550100', source: 'user' }),
          expect.objectContaining({ id: 'officePhone', value: '+14255550101', source: 'user' }),
        ]),
      );
      for (const secret of [
        'Biscuit',
        'biscuit',
        'Seattle',
        'Lincoln',
        '$argon2',
        'answer',
        'hash',
        'password',
      ])
        expect(a.text.toLowerCase()).not.toContain(secret.toLowerCase());
      expect((await t.api.get('/v1/admin/users/ALICE@contoso.com', admin())).body).toEqual(a.body);
      const missing = await t.api.get('/v1/admin/users/nobody-here', admin());
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('not_found');
    });

    it('answers 404, never 500, for usernames that cannot exist', async () => {
      for (const odd of ['%00', 'a%00b', '%E2%80%AE', encodeURIComponent('x'.repeat(2000))]) {
        const a = await t.api.get(`/v1/admin/users/${odd}`, admin());
        expect(a.status, odd).toBe(404);
        expect(a.body.code).toBe('not_found');
      }
    });

    it.each<[string, Record<string, string>, string, RegExp]>([
      ['a premium-rate mobile number', { mobilePhone: '+1 900 555 0100' }, 'mobilePhone', /premium/],
      ['a premium-rate office number', { officePhone: '+44 909 876 5432' }, 'officePhone', /premium/],
      ['a toll-free number', { mobilePhone: '+1 800 555 0100' }, 'mobilePhone', /toll/],
      ['an invalid number', { mobilePhone: 'call me maybe' }, 'mobilePhone', /invalid/],
      ['a number too short', { officePhone: '+1 425 555' }, 'officePhone', /invalid/],
      [
        'the same mobile and office number',
        { mobilePhone: '+1 425 555 0188', officePhone: '+1 425-555-0188' },
        'officePhone',
        /differ/,
      ],
      [
        'the primary address as alternate email',
        { alternateEmail: 'BOB@contoso.com' },
        'alternateEmail',
        /primary/,
      ],
    ])('refuses %s with 422 naming the field', async (_label, body, field, detail) => {
      const before = (await t.api.get<AdminUser>('/v1/admin/users/bob', admin())).body;
      const a = await t.api.put('/v1/admin/users/bob/contact', body, admin());
      expectValidation(a, 422, field);
      expect(String(a.body.detail)).toMatch(detail);
      expect((await t.api.get('/v1/admin/users/bob', admin())).body).toEqual(before);
    });

    it('stores a valid contact in E.164, shows it with source admin, audits it and removes it with null', async () => {
      const a = await t.api.put<AdminUser>(
        '/v1/admin/users/bob/contact',
        { mobilePhone: '+1 (425) 555-0177' },
        admin(),
      );
      expect(a.status, a.text).toBe(200);
      expect(a.body.contact).toContainEqual(
        expect.objectContaining({ id: 'mobilePhone', value: '+14255550177', source: 'admin' }),
      );
      const view = await t.api.get<AdminUser>('/v1/admin/users/bob', admin());
      expect(view.body.contact).toContainEqual(
        expect.objectContaining({ id: 'mobilePhone', value: '+14255550177', source: 'admin' }),
      );
      expect(view.body.contact).toContainEqual(
        expect.objectContaining({ id: 'alternateEmail', source: 'user' }),
      );

      const audit = await t.api.get<AuditPage>('/v1/admin/audit?kind=admin&user=bob&limit=1', admin());
      expect(audit.body.events[0]).toMatchObject({
        detail: 'contact_changed',
        user: 'bob',
        actor: `key:${t.adminKey.slice(4, 16)}`,
      });
      expect(audit.body.events[0]?.data).toEqual({ before: {}, after: { mobilePhone: '+14255550177' } });

      // The office phone may not repeat the mobile number already on file either.
      const same = await t.api.put('/v1/admin/users/bob/contact', { officePhone: '+14255550177' }, admin());
      expectValidation(same, 422, 'officePhone');

      const removed = await t.api.put<AdminUser>(
        '/v1/admin/users/bob/contact',
        { mobilePhone: null },
        admin(),
      );
      expect(removed.status).toBe(200);
      expect(removed.body.contact.map((c) => c.id)).not.toContain('mobilePhone');
    });

    it('unblocks a user whose reset starts are throttled', async () => {
      for (let i = 0; i < 5; i++) expect((await startReset(t, 'bob')).status).toBe(201);
      const throttled = await startReset(t, 'bob');
      expect(throttled.status).toBe(429);
      expect(throttled.body).toMatchObject({ code: 'throttled' });
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await startReset(t, 'BOB@contoso.com')).status).toBe(429);

      const unblock = await t.api.post('/v1/admin/users/bob/unblock', undefined, admin());
      expect(unblock.status).toBe(204);
      expect(unblock.text).toBe('');
      expect((await startReset(t, 'bob')).status).toBe(201);
      expect((await t.api.post('/v1/admin/users/nobody-here/unblock', undefined, admin())).status).toBe(404);

      const audit = await t.api.get<AuditPage>('/v1/admin/audit?kind=admin&user=bob&limit=5', admin());
      expect(audit.body.events.map((e) => e.detail)).toContain('user_unblocked');
    });
  });

  describe('audit', () => {
    const csvUserAgents = ['=HYPERLINK("https://evil.example","x")', '+SUM(1,2)', '-2+3', '@cmd'];

    beforeAll(async () => {
      // Bad captchas leave audit rows with the caller's user agent, which an attacker controls.
      for (const ua of csvUserAgents)
        expect(
          (
            await t.api.post(
              '/v1/reset',
              { username: 'mallory', captcha: 'nope' },
              { headers: { 'user-agent': ua } },
            )
          ).status,
        ).toBe(400);
      expect((await startReset(t, 'ghost')).status).toBe(201);
    });

    it('filters by result and by user', async () => {
      const blocked = await t.api.get<AuditPage>('/v1/admin/audit?result=blocked&limit=1000', admin());
      expect(blocked.status).toBe(200);
      expect(blocked.body.events.length).toBeGreaterThanOrEqual(2);
      expect(blocked.body.events.every((e) => e.result === 'blocked')).toBe(true);
      expect(blocked.body.events.some((e) => e.user === 'bob' && e.detail === 'reset_throttled')).toBe(true);

      const all = await t.api.get<AuditPage>('/v1/admin/audit?limit=1000', admin());
      const bob = await t.api.get<AuditPage>('/v1/admin/audit?user=bob&limit=1000', admin());
      expect(bob.body.events.length).toBe(all.body.events.filter((e) => e.user === 'bob').length);
      expect(bob.body.events.length).toBeGreaterThanOrEqual(7);
      expect(bob.body.events.every((e) => e.user === 'bob')).toBe(true);
      expect(
        (await t.api.get<AuditPage>('/v1/admin/audit?user=BOB%40contoso.com&limit=1000', admin())).body,
      ).toEqual(bob.body);

      // Unknown names are found by their HMAC, never stored in clear.
      const ghost = await t.api.get<AuditPage>('/v1/admin/audit?user=ghost&limit=1000', admin());
      expect(ghost.body.events.length).toBeGreaterThanOrEqual(1);
      expect(ghost.body.events.every((e) => e.user === null && e.subjectHmac !== null)).toBe(true);
      expect(all.text).not.toContain('ghost');
      expect(all.text).not.toContain('mallory');

      const none = await t.api.get<AuditPage>('/v1/admin/audit?result=contactedAdmin', admin());
      expect(none.body).toEqual({ events: [], nextCursor: null });
      for (const bad of [
        'result=exploded',
        'limit=0',
        'limit=1001',
        'from=yesterday',
        'bogus=1',
        'cursor=abc',
      ]) {
        const a = await t.api.get(`/v1/admin/audit?${bad}`, admin());
        expect(a.status, bad).toBe(400);
        expect(a.body.code).toBe('validation_failed');
      }
    });

    it('paginates newest first with nextCursor', async () => {
      const all = (await t.api.get<AuditPage>('/v1/admin/audit?limit=1000', admin())).body.events;
      expect(all.length).toBeGreaterThan(10);
      const ids = all.map((e) => BigInt(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Answer<AuditPage> = await t.api.get<AuditPage>(
          `/v1/admin/audit?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
          admin(),
        );
        expect(page.status).toBe(200);
        expect(page.body.events.length).toBeLessThanOrEqual(4);
        seen.push(...page.body.events.map((e) => e.id));
        cursor = page.body.nextCursor;
        if (cursor) expect(cursor).toBe(page.body.events.at(-1)?.id);
        pages++;
      } while (cursor && pages < 100);
      expect(seen).toEqual(all.map((e) => e.id));
      expect(pages).toBe(Math.ceil(all.length / 4));
    });

    it('stays a client error for cursors and dates PostgreSQL cannot hold', async () => {
      for (const q of [
        'cursor=9999999999999999999',
        'from=0000-01-01T00:00:00Z',
        'to=0000-06-30T12:00:00Z',
        'kind=%00',
        'user=%00',
      ]) {
        const a = await t.api.get(`/v1/admin/audit?${q}`, admin());
        expect(a.status, `${q}: ${a.text}`).toBeLessThan(500);
        expect([200, 400], q).toContain(a.status);
      }
    });

    it('exports CSV with a fixed header row and neutralized formulas', async () => {
      const a = await t.api.get('/v1/admin/audit?limit=1000', {
        ...admin(),
        headers: { accept: 'text/csv' },
      });
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(a.headers.get('cache-control')).toBe('no-store');
      const rows = parseCsv(a.text);
      expect(rows[0]?.join(',')).toBe(csvHeader);
      const json = (await t.api.get<AuditPage>('/v1/admin/audit?limit=1000', admin())).body.events;
      expect(rows.length - 1).toBe(json.length);
      for (const row of rows) expect(row).toHaveLength(11);
      const uaColumn = csvHeader.split(',').indexOf('userAgent');
      const agents = rows.slice(1).map((r) => r[uaColumn]);
      for (const ua of csvUserAgents) expect(agents).toContain(`'${ua}`);
      for (const row of rows.slice(1))
        for (const cell of row)
          expect(/^[=+\-@\t\r]/.test(cell), `formula cell ${JSON.stringify(cell)}`).toBe(false);
      // Filters apply to CSV as well.
      const filtered = parseCsv(
        (await t.api.get('/v1/admin/audit?result=blocked', { ...admin(), headers: { accept: 'text/csv' } }))
          .text,
      );
      const resultColumn = csvHeader.split(',').indexOf('result');
      expect(filtered.length).toBeGreaterThan(1);
      expect(filtered.slice(1).every((r) => r[resultColumn] === 'blocked')).toBe(true);
    });
  });
});
