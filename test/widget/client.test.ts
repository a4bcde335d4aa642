// Tests of the widget's API client against msw: headers it sends, problem+json it parses, failures it maps.
import { readdir } from 'node:fs/promises';
import { build } from 'esbuild';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../widget/api/client.ts';
import { solveAltcha } from '../../widget/captcha/solve-altcha.ts';
import { createFakeService, createHandlers } from '../../widget/mocks/handlers.ts';

const api = 'https://reset.example.org';
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    seen.push(request.clone());
  });
});
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const problem = (status: number, body: Record<string, unknown>) =>
  new HttpResponse(JSON.stringify({ type: 'about:blank', title: 't', status, ...body }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });

describe('widget API client', () => {
  it('walks a reset on the fake service, solving its real ALTCHA challenge', async () => {
    server.use(...createHandlers(createFakeService()));
    const c = createClient({ api: `${api}/`, locale: 'de-CH' });
    const config = await c.config();
    expect(config).toMatchObject({ ok: true, data: { captcha: { kind: 'altcha' } } });
    const challenge = await c.captcha();
    if (!challenge.ok || !challenge.data) throw new Error('no challenge');
    const captcha = await solveAltcha(challenge.data);
    const flow = await c.startReset({ username: 'alice', captcha, locale: 'de-CH' });
    if (!flow.ok) throw new Error(flow.problem.code);
    expect(flow.status).toBe(201);
    expect(flow.data.methods.map((m) => m.id)).toEqual(['alternateEmail', 'mobilePhone']);
    // The same solution is single use.
    expect(await c.startReset({ username: 'alice', captcha })).toMatchObject({
      ok: false,
      problem: { status: 400, code: 'captcha_invalid' },
    });
    const sent = await c.challenge(flow.data.token, { method: 'alternateEmail', channel: 'email' });
    expect(sent).toMatchObject({ ok: true, status: 202, data: { codeLength: 8, resendAfter: 60 } });
    expect(await c.verify(flow.data.token, { method: 'alternateEmail', code: '00000000' })).toEqual({
      ok: false,
      problem: { status: 400, code: 'invalid_code', attemptsLeft: 4 },
    });
    expect(await c.verify(flow.data.token, { method: 'alternateEmail', code: '48151623' })).toMatchObject({
      ok: true,
      data: { next: 'password', gatesPassed: 1 },
    });
    expect(await c.setPassword(flow.data.token, 'Tidal-Lantern-42')).toEqual({
      ok: true,
      status: 200,
      data: { status: 'reset', unlocked: false },
    });
    expect(await c.setPassword(flow.data.token, 'Tidal-Lantern-42')).toMatchObject({
      ok: false,
      problem: { status: 409, code: 'flow_used' },
    });
    // Accept-Language on every call, the path joined without a double slash.
    expect(seen.map((r) => r.headers.get('Accept-Language'))).toEqual(seen.map(() => 'de-CH'));
    expect(seen[0]?.url).toBe(`${api}/v1/config`);
  });

  it('sends the flow token as Bearer and JSON bodies, and no token where there is none', async () => {
    server.use(
      http.post('*/v1/reset/verify', () => HttpResponse.json({ gatesPassed: 1 })),
      http.get('*/v1/config', () => HttpResponse.json({})),
    );
    const c = createClient({ api });
    await c.verify('tok-123', { method: 'alternateEmail', code: '12345678' });
    await c.config();
    const [verify, config] = seen;
    expect(verify?.headers.get('Authorization')).toBe('Bearer tok-123');
    expect(verify?.headers.get('Content-Type')).toBe('application/json');
    expect(await verify?.json()).toEqual({ method: 'alternateEmail', code: '12345678' });
    expect(verify?.url).not.toContain('tok-123');
    expect(config?.headers.get('Authorization')).toBeNull();
    expect(config?.headers.get('Accept-Language')).toBeNull();
    expect(config?.headers.get('Cookie')).toBeNull();
  });

  it('parses problem+json into code, retryAfter, attemptsLeft, violations and field', async () => {
    const violations = [{ rule: 'length', params: { min: 8, max: 256, length: 3 }, message: 'Too short.' }];
    server.use(
      http.post('*/v1/reset', () => problem(429, { code: 'throttled', retryAfter: 3600 })),
      http.post('*/v1/reset/verify', () => problem(400, { code: 'invalid_code', attemptsLeft: 2 })),
      http.post('*/v1/reset/password', () => problem(422, { code: 'password_rejected', violations })),
      http.post('*/v1/reset/challenge', () => problem(400, { code: 'validation_failed', field: 'channel' })),
      http.post('*/v1/reset/unlock', () =>
        problem(409, { code: 'unlock_not_applicable', attemptsLeft: 'x' }),
      ),
    );
    const c = createClient({ api });
    expect(await c.startReset({ username: 'a', captcha: 'x' })).toEqual({
      ok: false,
      problem: { status: 429, code: 'throttled', retryAfter: 3600 },
    });
    expect(await c.verify('t', { method: 'mobilePhone', code: '000000' })).toEqual({
      ok: false,
      problem: { status: 400, code: 'invalid_code', attemptsLeft: 2 },
    });
    expect(await c.setPassword('t', 'abc')).toEqual({
      ok: false,
      problem: { status: 422, code: 'password_rejected', violations },
    });
    expect(await c.challenge('t', { method: 'mobilePhone', channel: 'sms' })).toEqual({
      ok: false,
      problem: { status: 400, code: 'validation_failed', field: 'channel' },
    });
    // Fields of the wrong type are dropped rather than trusted.
    expect(await c.unlock('t')).toEqual({
      ok: false,
      problem: { status: 409, code: 'unlock_not_applicable' },
    });
  });

  it('maps a network failure to network_error and a non-JSON 5xx to unavailable', async () => {
    server.use(
      http.get('*/v1/config', () => HttpResponse.error()),
      http.get('*/v1/captcha', () => new HttpResponse('<html>Bad Gateway</html>', { status: 502 })),
      http.post('*/v1/reset/cancel', () => new HttpResponse('nope', { status: 400 })),
    );
    const c = createClient({ api });
    expect(await c.config()).toEqual({ ok: false, problem: { status: 0, code: 'network_error' } });
    expect(await c.captcha()).toEqual({ ok: false, problem: { status: 502, code: 'unavailable' } });
    expect(await c.cancel('t')).toEqual({ ok: false, problem: { status: 400, code: 'validation_failed' } });
  });

  it('returns a 204 as null data and lets an aborted check throw (a newer input superseded it)', async () => {
    server.use(
      http.post('*/v1/reset/cancel', () => new HttpResponse(null, { status: 204 })),
      http.post('*/v1/password/check', () => HttpResponse.json({ accepted: true, violations: [] })),
    );
    const c = createClient({ api });
    expect(await c.cancel('t')).toEqual({ ok: true, status: 204, data: null });
    const abort = new AbortController();
    abort.abort();
    await expect(c.checkPassword({ password: 'x' }, 't', abort.signal)).rejects.toThrow();
  });
});

describe('widget/mocks', () => {
  it('is not bundled into any production entry', async () => {
    const flows = (await readdir('widget/flows')).filter((f) => f.endsWith('-entry.tsx'));
    const r = await build({
      entryPoints: ['widget/embed/regain.ts', ...flows.map((f) => `widget/flows/${f}`)],
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: 'out',
      write: false,
      metafile: true,
      loader: { '.css': 'text' },
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.filter((p) => /widget\/mocks\/|node_modules\/(msw|@mswjs|altcha-lib)\//.test(p))).toEqual(
      [],
    );
    // The check sees the flows' real dependencies (the store's idb among them).
    expect(inputs.some((p) => p.includes('node_modules/idb/'))).toBe(true);
  });
});
