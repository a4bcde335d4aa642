// HTTP hygiene over real sockets: security headers, JSON-only bodies and limits, problem+json, CORS, trusted proxies, OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../api/admin.ts';
import { type RouteSpec, responsesOf, routes } from '../../../api/routes.ts';
import { type Answer, startService, type TestService } from '../../helpers/service.ts';
import { type ListeningRuntime, listenOn } from './custom-service.ts';

const allowedOrigin = 'https://login.contoso.example';

/** Every answer body seen in this file; none may ever carry a stack trace. */
const seen: { label: string; text: string }[] = [];
const keep = <T>(label: string, a: Answer<T>): Answer<T> => {
  seen.push({ label, text: a.text });
  return a;
};

function cspDirectives(csp: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values.join(' '));
  }
  return out;
}

function expectSecurityHeaders(label: string, h: Headers): void {
  const hsts = h.get('strict-transport-security') ?? '';
  expect(Number(/max-age=(\d+)/i.exec(hsts)?.[1] ?? 0), `${label}: HSTS max-age`).toBeGreaterThanOrEqual(
    31_536_000,
  );
  expect(hsts, `${label}: HSTS includeSubDomains`).toMatch(/includeSubDomains/i);
  expect(h.get('x-content-type-options'), `${label}: nosniff`).toBe('nosniff');
  expect(h.get('referrer-policy'), `${label}: Referrer-Policy`).toBe('no-referrer');
  const csp = cspDirectives(h.get('content-security-policy'));
  expect(csp.get('frame-ancestors'), `${label}: CSP frame-ancestors`).toBe("'none'");
  expect(csp.get('object-src'), `${label}: CSP object-src`).toBe("'none'");
  expect(csp.get('base-uri'), `${label}: CSP base-uri`).toBe("'none'");
}

function expectProblem(a: Answer, status: number, code: string): void {
  expect(a.status, a.text).toBe(status);
  expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  expect(a.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(String(a.body.type)).toMatch(/^https?:\/\//);
  expect(String(a.body.title).length).toBeGreaterThan(0);
}

async function auditByUserAgent(t: TestService, userAgent: string): Promise<AuditEvent | undefined> {
  const page = await t.api.get<{ events: AuditEvent[] }>('/v1/admin/audit?kind=reset&limit=1000', {
    token: t.adminKey,
  });
  expect(page.status).toBe(200);
  return page.body.events.find((e) => e.userAgent === userAgent);
}

describe('HTTP hygiene', () => {
  /** The harness service: --dev, no CORS origins, no trusted proxies. */
  let t: TestService;
  /** The same database served like production: --dev off, one CORS origin, 127.0.0.1 as a trusted proxy. */
  let prod: ListeningRuntime;

  beforeAll(async () => {
    t = await startService('postgres');
    prod = await listenOn(t.db, { dev: false, corsOrigins: [allowedOrigin], trustedProxies: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await prod?.close();
    await t?.close();
  });

  describe('security headers', () => {
    it('are on every answer, errors included, and /v1/* answers are never cached', async () => {
      const big = JSON.stringify({ username: 'alice', captcha: 'x'.repeat(17 * 1024) });
      const answers: [string, Answer][] = [
        ['GET /healthz', await t.api.get('/healthz')],
        ['GET /readyz', await t.api.get('/readyz')],
        ['GET /metrics', await t.api.get('/metrics')],
        ['GET /openapi.json', await t.api.get('/openapi.json')],
        ['GET /v1/config', await t.api.get('/v1/config')],
        ['GET /v1/captcha', await t.api.get('/v1/captcha')],
        ['GET /nope', await t.api.get('/nope')],
        ['GET /v1/nope', await t.api.get('/v1/nope')],
        ['GET /v1/admin/policy (no key)', await t.api.get('/v1/admin/policy')],
        ['GET /v1/admin/users/%00', await t.api.get('/v1/admin/users/%00', { token: t.adminKey })],
        ['POST /v1/reset invalid JSON', await t.api.post('/v1/reset', '{"username": ')],
        [
          'POST /v1/reset text/plain',
          await t.api.post('/v1/reset', '{}', { headers: { 'content-type': 'text/plain' } }),
        ],
        ['POST /v1/reset 17 KiB', await t.api.post('/v1/reset', big)],
        ['POST /v1/reset bad captcha', await t.api.post('/v1/reset', { username: 'alice', captcha: 'x' })],
        [
          'POST /v1/reset/verify no token',
          await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code: '12345678' }),
        ],
        ['POST /v1/password/check', await t.api.post('/v1/password/check', { password: 'Tulip-Harbor-42' })],
        ['GET /v1/dev/outbox', await t.api.get('/v1/dev/outbox')],
      ];
      for (const [label, a] of answers) {
        keep(label, a);
        expectSecurityHeaders(`${label} (${a.status})`, a.headers);
        if (label.split(' ')[1]?.startsWith('/v1/'))
          expect(a.headers.get('cache-control'), `${label}: Cache-Control`).toBe('no-store');
      }
      // The list must reach errors of several kinds, or it proves little.
      expect(answers.filter(([, a]) => a.status >= 400).length).toBeGreaterThanOrEqual(9);
    });

    it('are on CORS preflight answers too', async () => {
      const pre = keep(
        'preflight',
        await prod.api.call('OPTIONS', '/v1/reset', undefined, {
          headers: { origin: allowedOrigin, 'access-control-request-method': 'POST' },
        }),
      );
      expect(pre.status).toBe(204);
      expectSecurityHeaders('OPTIONS /v1/reset (preflight)', pre.headers);
      expect(pre.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('request bodies', () => {
    it.each([
      ['/v1/reset', { username: 'alice', captcha: 'x' }],
      ['/v1/password/check', { password: 'Tulip-Harbor-42' }],
      ['/v1/password/change', { username: 'alice', currentPassword: 'a', newPassword: 'b' }],
    ])('%s answers 415 to text/plain, form and untyped bodies', async (path, body) => {
      const plain = keep(
        path,
        await t.api.post(path, JSON.stringify(body), { headers: { 'content-type': 'text/plain' } }),
      );
      expectProblem(plain, 415, 'unsupported_media_type');
      const form = keep(
        path,
        await t.api.post(path, new URLSearchParams(body as Record<string, string>).toString(), {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
      expectProblem(form, 415, 'unsupported_media_type');
      const multipart = keep(
        path,
        await t.api.post(
          path,
          '--b\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n--b--\r\n',
          {
            headers: { 'content-type': 'multipart/form-data; boundary=b' },
          },
        ),
      );
      expectProblem(multipart, 415, 'unsupported_media_type');
      const untyped = await fetch(t.url + path, {
        method: 'POST',
        body: new TextEncoder().encode(JSON.stringify(body)),
      });
      expect(untyped.status).toBe(415);
    });

    it('accepts JSON media types with parameters and +json suffixes', async () => {
      for (const type of [
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'application/merge-patch+json',
      ]) {
        const a = keep(
          type,
          await t.api.post(
            '/v1/password/check',
            { password: 'Tulip-Harbor-42' },
            { headers: { 'content-type': type } },
          ),
        );
        expect(a.status, type).toBe(200);
      }
    });

    it('answers 413 to a body over 16 KiB, declared or streamed', async () => {
      const body = JSON.stringify({ username: 'alice', captcha: 'x'.repeat(16 * 1024) });
      expect(new TextEncoder().encode(body).byteLength).toBeGreaterThan(16 * 1024);
      expectProblem(keep('413', await t.api.post('/v1/reset', body)), 413, 'payload_too_large');
      const bytes = new TextEncoder().encode(body);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
          controller.close();
        },
      });
      const res = await fetch(`${t.url}/v1/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // A body just under the limit is read and judged on its merits (usernames are capped at 256 characters).
      const under = keep(
        'under',
        await t.api.post('/v1/reset', { username: 'a'.repeat(15 * 1024), captcha: 'x' }),
      );
      expectProblem(under, 400, 'validation_failed');
      expect(under.body.field).toBe('username');
    });

    it('answers invalid JSON, non-UTF-8 bodies and duplicate keys with 400 validation_failed problems', async () => {
      for (const bad of ['{"username": ', 'undefined', "{'username':'alice'}", '{"username":"alice",}', '']) {
        const a = keep(
          `bad JSON ${bad}`,
          await t.api.post('/v1/reset', bad, { headers: { 'content-type': 'application/json' } }),
        );
        expectProblem(a, 400, 'validation_failed');
      }
      const latin1 = await fetch(`${t.url}/v1/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
      });
      expect(latin1.status).toBe(400);
      expect(((await latin1.json()) as { code: string }).code).toBe('validation_failed');
      const dup = keep(
        'dup',
        await t.api.post('/v1/reset', '{"username":"bob","captcha":"x","username":"alice"}'),
      );
      expectProblem(dup, 400, 'validation_failed');
      expect(dup.body.field).toBe('username');
      const unknown = keep(
        'unknown key',
        await t.api.post('/v1/reset', { username: 'alice', captcha: 'x', admin: true }),
      );
      expectProblem(unknown, 400, 'validation_failed');
    });

    it('answers unknown routes and methods with 404 problem+json', async () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['GET', '/v1/does-not-exist'],
        ['POST', '/v1/reset/nope/deeper'],
        ['DELETE', '/v1/reset'],
        ['GET', '/v1/reset'],
        ['PUT', '/v1/config'],
      ] as const) {
        const a = keep(
          `${method} ${path}`,
          await t.api.call(method, path, method === 'GET' ? undefined : {}),
        );
        expect([404, 405], `${method} ${path}`).toContain(a.status);
        expectProblem(a, a.status, a.status === 404 ? 'not_found' : 'method_not_allowed');
      }
    });
  });

  describe('CORS', () => {
    const origin = (o: string) => ({ headers: { origin: o } });

    it('echoes exactly the listed origin on /v1/*, with Vary: Origin and no credentials', async () => {
      const a = keep('cors ok', await prod.api.get('/v1/config', origin(allowedOrigin)));
      expect(a.status).toBe(200);
      expect(a.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
      expect(a.headers.get('vary') ?? '').toMatch(/(^|,\s*)Origin(\s*,|$)/i);
      expect(a.headers.get('access-control-allow-credentials')).toBe(null);
    });

    it.each([
      'https://evil.example',
      'null',
      `${allowedOrigin}.evil.example`,
      'http://login.contoso.example',
      'http://localhost:5173',
    ])('gives %s no CORS headers (and loopback only counts with --dev)', async (o) => {
      const a = keep(`cors ${o}`, await prod.api.get('/v1/config', origin(o)));
      expect(a.status).toBe(200);
      expect(a.headers.get('access-control-allow-origin')).toBe(null);
      expect(a.headers.get('access-control-expose-headers')).toBe(null);
      expect(a.headers.get('vary') ?? '').toMatch(/Origin/i);
    });

    it('answers preflights from the allowed origin with 204 before auth', async () => {
      const pre = keep(
        'preflight challenge',
        await prod.api.call('OPTIONS', '/v1/reset/challenge', undefined, {
          headers: {
            origin: allowedOrigin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        }),
      );
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
      expect((pre.headers.get('access-control-allow-methods') ?? '').split(/\s*,\s*/)).toContain('POST');
      const allowHeaders = (pre.headers.get('access-control-allow-headers') ?? '')
        .toLowerCase()
        .split(/\s*,\s*/);
      expect(allowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
      expect(pre.headers.get('vary') ?? '').toMatch(/Origin/i);

      const evil = await prod.api.call('OPTIONS', '/v1/reset/challenge', undefined, {
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(evil.headers.get('access-control-allow-origin')).toBe(null);
      expect(evil.headers.get('access-control-allow-methods')).toBe(null);
    });

    it('sends no CORS headers on admin and dev endpoints, even to the allowed origin', async () => {
      const adminGet = keep(
        'cors admin',
        await prod.api.get('/v1/admin/policy', { token: t.adminKey, ...origin(allowedOrigin) }),
      );
      expect(adminGet.status).toBe(200);
      const adminPre = await prod.api.call('OPTIONS', '/v1/admin/policy', undefined, {
        headers: { origin: allowedOrigin, 'access-control-request-method': 'PUT' },
      });
      const devGet = keep('cors dev', await t.api.get('/v1/dev/outbox', origin('http://localhost:5173')));
      expect(devGet.status).toBe(200);
      for (const a of [adminGet, adminPre, devGet])
        for (const name of a.headers.keys()) expect(name.startsWith('access-control-'), name).toBe(false);
    });

    it('carries CORS headers on error answers to the allowed origin', async () => {
      const errors = [
        await prod.api.post('/v1/reset', '{"username":', origin(allowedOrigin)),
        await prod.api.post(
          '/v1/reset/verify',
          { method: 'alternateEmail', code: '12345678' },
          origin(allowedOrigin),
        ),
        await prod.api.get('/v1/does-not-exist', origin(allowedOrigin)),
        await prod.api.post('/v1/reset', 'x', {
          headers: { origin: allowedOrigin, 'content-type': 'text/plain' },
        }),
      ];
      expect(errors.map((a) => a.status)).toEqual([400, 401, 404, 415]);
      for (const a of errors) {
        keep('cors error', a);
        expect(a.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
        expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });

    it('serves /widget/* to any origin with CORP cross-origin', async () => {
      const a = keep(
        'widget',
        await prod.api.get('/widget/manifest.json', origin('https://intranet.fabrikam.example')),
      );
      expect(a.headers.get('access-control-allow-origin')).toBe('*');
      expect(a.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    });

    it('has no development endpoints without --dev', async () => {
      expectProblem(keep('no dev', await prod.api.get('/v1/dev/outbox')), 404, 'not_found');
    });
  });

  describe('client IP', () => {
    it('takes X-Forwarded-For from a trusted proxy, rightmost untrusted hop first', async () => {
      const ua = `hygiene-xff-trusted-${Date.now()}`;
      const a = await prod.api.post(
        '/v1/reset',
        { username: 'alice', captcha: 'not-a-solution' },
        { headers: { 'x-forwarded-for': '198.51.100.66, 203.0.113.7', 'user-agent': ua } },
      );
      expect(a.status).toBe(400);
      expect((await auditByUserAgent(t, ua))?.ip).toBe('203.0.113.7');

      const garbage = `hygiene-xff-garbage-${Date.now()}`;
      await prod.api.post(
        '/v1/reset',
        { username: 'alice', captcha: 'x' },
        { headers: { 'x-forwarded-for': 'not-an-ip', 'user-agent': garbage } },
      );
      expect((await auditByUserAgent(t, garbage))?.ip).toBe('127.0.0.1');
    });

    it('ignores X-Forwarded-For when no proxy is trusted', async () => {
      const ua = `hygiene-xff-untrusted-${Date.now()}`;
      const a = await t.api.post(
        '/v1/reset',
        { username: 'alice', captcha: 'not-a-solution' },
        { headers: { 'x-forwarded-for': '203.0.113.8', 'user-agent': ua } },
      );
      expect(a.status).toBe(400);
      expect((await auditByUserAgent(t, ua))?.ip).toBe('127.0.0.1');
    });
  });

  describe('OpenAPI', () => {
    it('publishes OpenAPI 3.1 with every route of the table', async () => {
      const a = keep(
        'openapi',
        await t.api.get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/openapi.json'),
      );
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toMatch(/^application\/json/);
      expect(a.body.openapi).toMatch(/^3\.1\./);
      for (const [name, spec] of Object.entries(routes) as [string, RouteSpec][]) {
        const op = a.body.paths[spec.path]?.[spec.method] as
          | { responses?: Record<string, unknown> }
          | undefined;
        expect(op, `${name}: ${spec.method.toUpperCase()} ${spec.path}`).toBeDefined();
        expect(Object.keys(op?.responses ?? {}).sort()).toEqual(Object.keys(responsesOf(spec)).sort());
        // What every route of its kind answers is declared too (a flow route's 401, a body's 413).
        for (const status of Object.keys(spec.responses)) expect(op?.responses).toHaveProperty(status);
      }
      const start = a.body.paths['/v1/reset']?.post as {
        requestBody: {
          content: { 'application/json': { schema: { required?: string[]; properties?: object } } };
        };
      };
      const schema = start.requestBody.content['application/json'].schema;
      expect(schema.required).toEqual(expect.arrayContaining(['username', 'captcha']));
      expect(schema.required).not.toContain('locale');
    });
  });

  it('never shows a stack trace or error text in any answer above', () => {
    expect(seen.length).toBeGreaterThan(40);
    for (const { label, text } of seen) {
      expect(text.includes('at ') && text.includes('.ts:'), `${label}: stack trace in body`).toBe(false);
      expect(text.includes('Error:'), `${label}: error text in body`).toBe(false);
    }
  });
});
