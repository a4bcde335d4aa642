// GET /metrics answers only the scraper: configured networks (loopback by default) or its bearer token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../../helpers/service.ts';
import { startCustomService } from './custom-service.ts';

const token = 'scrape-token-0123456789abcdef';
// The test's requests come from loopback through a "proxy" (the service trusts loopback), so X-Forwarded-For says
// where a caller is; no traffic goes anywhere but loopback.
const from = (ip: string, extra: Record<string, string> = {}) => ({
  headers: { 'x-forwarded-for': ip, ...extra },
});

describe('metrics access', () => {
  let plain: TestService;
  let guarded: TestService;
  beforeAll(async () => {
    plain = await startCustomService('pglite', { trustedProxies: ['127.0.0.1', '::1'] });
    guarded = await startCustomService('pglite', {
      trustedProxies: ['127.0.0.1', '::1'],
      metrics: { allowFrom: ['10.20.0.0/16'], token },
    });
  });
  afterAll(async () => {
    await plain?.close();
    await guarded?.close();
  });

  it('by default answers loopback and refuses anyone else with 403', async () => {
    const local = await plain.api.get('/metrics');
    expect(local.status).toBe(200);
    expect(local.text).toMatch(/^# HELP /m);
    const remote = await plain.api.get('/metrics', from('203.0.113.9'));
    expect(remote.status).toBe(403);
    expect(remote.body).toMatchObject({ code: 'forbidden' });
    expect(remote.text).not.toMatch(/# HELP/);
    // No token is configured, so none can be right.
    expect((await plain.api.get('/metrics', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );
  });

  it('with allowFrom and a token: the listed network, or the right token from anywhere', async () => {
    expect((await guarded.api.get('/metrics', from('10.20.3.4'))).status).toBe(200);
    // Loopback is no longer listed.
    expect((await guarded.api.get('/metrics')).status).toBe(401);
    const missing = await guarded.api.get('/metrics', from('198.51.100.7'));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="regain"');
    const wrong = await guarded.api.get(
      '/metrics',
      from('198.51.100.7', { authorization: 'Bearer nope-nope-nope-nope' }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="regain", error="invalid_token"');
    const right = await guarded.api.get(
      '/metrics',
      from('198.51.100.7', { authorization: `Bearer ${token}` }),
    );
    expect(right.status).toBe(200);
    expect(right.text).toMatch(/# HELP/);
  });
});
