// Registration tickets: minted with a tickets-scope key, single use, five minutes, redeemed server to server or from the allowlist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusSchema } from '../../../api/registration.ts';
import { createApiKey } from '../../../server/security/api-keys.ts';
import { startService, type TestService } from '../../helpers/service.ts';
import { minute, offBy, type ProblemBody, type SessionBody, view } from './support.ts';

interface TicketBody {
  ticket: string;
  expiresAt: string;
  status: unknown;
}

describe('registration tickets', () => {
  let t: TestService;
  let key: string;
  beforeAll(async () => {
    t = await startService('pglite');
    key = (await createApiKey(t.db, { scope: 'tickets', name: 'login-backend', now: t.clock.now() })).key;
  });
  afterAll(async () => t?.close());

  const mint = async (username: string, headers?: Record<string, string>) => {
    const res = await t.api.post<TicketBody>(
      '/v1/tickets',
      { username },
      { token: key, ...(headers ? { headers } : {}) },
    );
    expect(res.status, res.text).toBe(201);
    return res;
  };
  const redeem = (ticket: string, headers?: Record<string, string>) =>
    t.api.post<SessionBody>('/v1/registration/session', { ticket }, headers ? { headers } : undefined);

  it('mints a ticket with the status object, and only with a tickets-scope key', async () => {
    const res = await mint('carol@contoso.com');
    expect(res.body.ticket.length).toBeGreaterThanOrEqual(22);
    expect(offBy(res.body.expiresAt, t.clock.now() + 5 * minute)).toBeLessThan(1000);
    const status = statusSchema.parse(res.body.status);
    expect(status).toMatchObject({ configured: false, methodsRegistered: 0 });
    const alice = statusSchema.parse((await mint('alice')).body.status);
    expect(alice.configured).toBe(true);

    const withAdmin = await t.api.post<ProblemBody>(
      '/v1/tickets',
      { username: 'carol' },
      { token: t.adminKey },
    );
    // A valid key of another scope: 403 insufficient_scope (RFC 6750 §3.1), not 401.
    expect(withAdmin.status).toBe(403);
    expect(withAdmin.body.code).toBe('insufficient_scope');
    expect((await t.api.post('/v1/tickets', { username: 'carol' })).status).toBe(401);
    // Server to server only: no CORS answer even for an origin the allowlist holds.
    const fromPage = await mint('carol', { origin: 'http://localhost:5173' });
    expect(fromPage.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('opens a session once, not twice', async () => {
    const { ticket } = (await mint('carol')).body;
    const first = await redeem(ticket);
    expect(first.status, first.text).toBe(201);
    expect(first.body.user).toEqual({ displayName: 'Carol Smith' });
    expect(statusSchema.parse(first.body.status).configured).toBe(false);
    expect((await view(t, first.body.token)).status).toBe(200);
    const second = await redeem(ticket);
    expect(second.status).toBe(401);
    expect((second.body as unknown as ProblemBody).code).toBe('unauthorized');
  });

  it('expires after five minutes', async () => {
    const early = (await mint('carol')).body.ticket;
    const late = (await mint('carol')).body.ticket;
    t.clock.advance(5 * minute - 10_000);
    expect((await redeem(early)).status).toBe(201);
    t.clock.advance(11_000);
    expect((await redeem(late)).status).toBe(401);
  });

  it('is redeemed without Origin (server to server) or from a listed origin, never from another origin', async () => {
    const { ticket } = (await mint('bob')).body;
    const evil = await redeem(ticket, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect((evil.body as unknown as ProblemBody).code).toBe('forbidden');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const opaque = await redeem((await mint('bob')).body.ticket, { origin: 'null' });
    expect(opaque.status).toBe(403);
    // The dev server lists loopback origins.
    const listed = await redeem((await mint('bob')).body.ticket, { origin: 'http://localhost:5173' });
    expect(listed.status, listed.text).toBe(201);
    expect(listed.body.user.displayName).toBe('Bob Kelly');
    const serverToServer = await redeem((await mint('bob')).body.ticket);
    expect(serverToServer.status, serverToServer.text).toBe(201);
  });

  it('an unknown ticket is the same 401 as a used one', async () => {
    const { ticket } = (await mint('carol')).body;
    const used = await redeem(ticket);
    expect(used.status).toBe(201);
    const again = await redeem(ticket);
    const unknown = await redeem('A'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.text).toBe(again.text);
  });

  it('answers 404 for a username no directory can hold, never a 500', async () => {
    for (const username of ['nobody-here', 'a\u0000b']) {
      const res = await t.api.post<ProblemBody>('/v1/tickets', { username }, { token: key });
      expect(res.status, `${JSON.stringify(username)}: ${res.text}`).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });
});
