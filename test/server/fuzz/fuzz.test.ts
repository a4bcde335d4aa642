// Fuzzes every endpoint of api/routes.ts with malformed requests: never a 5xx, every error is problem+json with a code.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RouteSpec, routes } from '../../../api/routes.ts';
import { createApiKey } from '../../../server/security/api-keys.ts';
import {
  type Answer,
  setPolicy,
  solvedCaptcha,
  startReset,
  type TestService,
} from '../../helpers/service.ts';
import { startCustomService } from '../http/custom-service.ts';

/** Requests in total; the property sends one per run. */
const numRuns = 10_000;
const allowedOrigin = 'https://login.contoso.example';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
}

/** Which credential a request carries; live tokens are looked up when the request is sent, since flows expire. */
type AuthPick =
  | { kind: 'none' }
  | { kind: 'flow' | 'session'; index: number }
  | { kind: 'admin' | 'tickets' }
  | { kind: 'raw'; value: string };

interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  body: string | undefined;
  auth: AuthPick;
  headers: Record<string, string>;
}

const jsonSchemaOf = (s: z.ZodType): JsonSchema =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Encodes a path or query piece; lone surrogates cannot be percent-encoded, so they become U+FFFD first. */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

const oddStrings = [
  '',
  ' ',
  'alice',
  'ALICE@contoso.com',
  'CONTOSO\\alice',
  'ａｌｉｃｅ',
  'bob',
  'carol',
  'dave',
  'ghost',
  'nobody@contoso.com',
  '\u0000',
  'a\u0000b',
  '\uFEFFalice',
  '\u202Eecila',
  '\ud800',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '9999999999999999999',
  '12345678',
  '123456',
  '+14255550100',
  '+1 900 555 0100',
  '+1 800 555 0100',
  '(425) 555-0100',
  'alice@personal.example',
  'alice@contoso.com',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '2024-02-29T00:00:00Z',
  'builtin.first-pet',
  'custom.x',
  'alternateEmail',
  'mobilePhone',
  'officePhone',
  'questions',
  'sms',
  'voice',
  'email',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '{{7*7}}',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'x'.repeat(257),
  'y'.repeat(1025),
  'z'.repeat(9000),
  'Tulip-Harbor-42',
  'Quartz-Meadow-8812',
  '00000000-0000-0000-0000-000000000000',
  'fr-CA',
  'en-US-x-twain',
];

const weirdString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...oddStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: weirdString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 1e308, 2 ** 53 + 1)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.array(weirdString, { maxLength: 3 }) },
);
const weirdKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', '', 'admin', 'username '),
  fc.string({ maxLength: 8 }),
);

/** Constants a schema names (enum members, const values), so some values get past the first checks. */
function constantsOf(js: JsonSchema | undefined): unknown[] {
  if (!js) return [];
  return [
    ...(js.enum ?? []),
    ...('const' in js ? [js.const] : []),
    ...(js.anyOf ?? []).flatMap(constantsOf),
    ...(js.oneOf ?? []).flatMap(constantsOf),
  ];
}

function objectArb(js: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const variants = [js, ...(js.anyOf ?? []), ...(js.oneOf ?? [])].filter((v) => v.properties);
  if (!variants.length) return fc.dictionary(weirdKey, weirdValue, { maxKeys: 3 });
  return fc.oneof(
    ...variants.map((v) => {
      const model = Object.fromEntries(
        Object.entries(v.properties ?? {}).map(([k, sub]) => [k, valueArb(sub, depth + 1)]),
      );
      // Every known key half of the time, so values are judged together and not only the first missing key.
      return fc
        .tuple(
          fc.oneof(fc.record(model), fc.record(model, { requiredKeys: [] })),
          fc.option(fc.dictionary(weirdKey, weirdValue, { maxKeys: 2 }), { freq: 5 }),
        )
        .map(([known, extra]) => ({ ...known, ...(extra ?? {}) }));
    }),
  );
}

const isString = (js: JsonSchema): boolean =>
  js.type === 'string' || [...(js.anyOf ?? []), ...(js.oneOf ?? [])].some(isString);

function valueArb(js: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [weirdValue];
  if (isString(js)) options.push(weirdString, weirdString, weirdString);
  const constants = constantsOf(js);
  if (constants.length) options.push(fc.constantFrom(...constants), fc.constantFrom(...constants));
  if (depth < 3 && (js.properties || [...(js.anyOf ?? []), ...(js.oneOf ?? [])].some((v) => v.properties)))
    options.push(objectArb(js, depth));
  if (depth < 3 && js.items) options.push(fc.array(valueArb(js.items, depth + 1), { maxLength: 6 }));
  return fc.oneof(...options);
}

function leafPaths(v: unknown, prefix: string[] = []): string[][] {
  if (v && typeof v === 'object' && !Array.isArray(v))
    return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
  return [prefix];
}

function withValueAt(base: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    const next = node[k];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[path.at(-1) ?? 'x'] = value;
  return copy;
}

const headerValue = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }))
    .map((c) => String.fromCharCode(c)),
  maxLength: 120,
});

/** Live credentials, refreshed while the fuzz runs because flows close (cancel, supersede, contact changes). */
interface Credentials {
  flows: string[];
  sessions: string[];
  adminKey: string;
  ticketsKey: string;
}

function authArb(auth: RouteSpec['auth']): fc.Arbitrary<AuthPick> {
  const index = fc.nat({ max: 1000 });
  const any: fc.Arbitrary<AuthPick>[] = [
    fc.constant({ kind: 'none' }),
    index.map((i) => ({ kind: 'flow', index: i })),
    index.map((i) => ({ kind: 'session', index: i })),
    fc.constant({ kind: 'admin' }),
    fc.constant({ kind: 'tickets' }),
    fc
      .string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789_-'), maxLength: 220 })
      .map((x) => ({ kind: 'raw', value: `Bearer ${x}` })),
    fc
      .tuple(
        fc.stringMatching(/^[0-9a-f]{12}$/),
        fc.string({ unit: fc.constantFrom(...'Aa0_-'), minLength: 32, maxLength: 48 }),
      )
      .map(([p, x]) => ({ kind: 'raw', value: `Bearer rgk_${p}_${x}` })),
    fc
      .constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'bearer x', 'Bearer rgk_')
      .map((value) => ({ kind: 'raw', value })),
    headerValue.map((value) => ({ kind: 'raw', value })),
  ];
  // Most requests carry the credential their route wants, so they get past authentication to validation.
  const matching: fc.Arbitrary<AuthPick> | undefined =
    auth === 'flow' || auth === 'flowOptional'
      ? index.map((i) => ({ kind: 'flow', index: i }))
      : auth === 'session'
        ? index.map((i) => ({ kind: 'session', index: i }))
        : auth === 'admin' || auth === 'tickets'
          ? fc.constant({ kind: auth })
          : undefined;
  return matching
    ? fc.oneof({ weight: 3, arbitrary: matching }, { weight: 1, arbitrary: fc.oneof(...any) })
    : fc.oneof(...any);
}

function authorization(pick: AuthPick, cred: Credentials): string | undefined {
  switch (pick.kind) {
    case 'none':
      return undefined;
    case 'flow':
    case 'session': {
      const pool = pick.kind === 'flow' ? cred.flows : cred.sessions;
      return pool.length ? `Bearer ${pool[pick.index % pool.length]}` : undefined;
    }
    case 'admin':
      return `Bearer ${cred.adminKey}`;
    case 'tickets':
      return `Bearer ${cred.ticketsKey}`;
    case 'raw':
      return pick.value;
  }
}

describe('fuzzing every endpoint', () => {
  let t: TestService;
  let captchas: string[] = [];
  let basePolicy: Record<string, unknown> = {};
  const cred: Credentials = { flows: [], sessions: [], adminKey: '', ticketsKey: '' };
  let refreshes = 0;

  /** Starts fresh reset flows (a real user and a decoy) and registration sessions (password and ticket). */
  async function refreshCredentials(): Promise<void> {
    const n = refreshes++;
    const real = ['alice', 'dave', 'bob', 'carol'][n % 4] ?? 'alice';
    // The fuzz may have stored a valid but strict policy (say one reset start per hour): restore the base first.
    await t.api.put('/v1/admin/policy', basePolicy, { token: cred.adminKey });
    await t.api.post(`/v1/admin/users/${real}/unblock`, undefined, { token: cred.adminKey });
    for (const name of [real, `fuzz-decoy-${n}`, `FUZZ-${n}-other@example.org`]) {
      // A captcha or start the fuzz's own traffic throttled just means fewer fresh flows this round.
      const start = await startReset(t, name).catch(() => null);
      if (start?.status === 201) cred.flows.push(start.body.token);
    }
    cred.flows = cred.flows.slice(-12);
    // Sessions outlive most requests (only a few calls end them); renewing them less often keeps Argon2 work down.
    if (n % 3) return;
    const session = await t.api.post<{ token: string }>('/v1/registration/session', {
      username: 'alice',
      password: 'Tulip-Harbor-42',
    });
    if (session.status === 201) cred.sessions.push(session.body.token);
    const ticket = await t.api.post<{ ticket: string }>(
      '/v1/tickets',
      { username: n % 2 ? 'bob' : 'carol' },
      { token: cred.ticketsKey },
    );
    if (ticket.status === 201) {
      const viaTicket = await t.api.post<{ token: string }>('/v1/registration/session', {
        ticket: ticket.body.ticket,
      });
      if (viaTicket.status === 201) cred.sessions.push(viaTicket.body.token);
    }
    cred.sessions = cred.sessions.slice(-4);
  }

  beforeAll(async () => {
    // --dev for /v1/dev/outbox, a trusted proxy so X-Forwarded-For garbage is actually parsed, a CORS origin.
    t = await startCustomService('postgres', {
      dev: true,
      trustedProxies: ['127.0.0.1', '::1'],
      corsOrigins: [allowedOrigin],
    });
    await setPolicy(t, {
      throttles: {
        ipResetStartsPerHour: 10_000,
        ipVerificationsPerHour: 20_000,
        ipPasswordChecksPerHour: 100_000,
      },
    });
    basePolicy = (await t.api.get('/v1/admin/policy', { token: t.adminKey })).body;
    cred.adminKey = t.adminKey;
    cred.ticketsKey = (await createApiKey(t.db, { scope: 'tickets', name: 'fuzz', now: t.clock.now() })).key;
    for (let i = 0; i < 4; i++) await refreshCredentials();
    captchas = [];
    for (let i = 0; i < 40; i++) captchas.push(await solvedCaptcha(t.api));
  });
  afterAll(async () => t?.close());

  it(`answers ${numRuns} malformed requests without a 5xx, with problem+json errors, and stays up`, async () => {
    expect(cred.flows.length).toBeGreaterThanOrEqual(6);
    expect(cred.sessions.length).toBeGreaterThanOrEqual(2);
    const specs = Object.entries(routes) as [string, RouteSpec][];
    const mutablePolicyPaths = [
      ...leafPaths(basePolicy).filter(
        (p) =>
          ['organization', 'helpdesk', 'registration', 'notifications', 'password', 'privileged'].includes(
            p[0] ?? '',
          ) && p.join('.') !== 'password.commonListEntries',
      ),
      ['organization', 'logoUrl'],
      ['organization', 'strings'],
      ['helpdesk', 'url'],
    ];

    const headersArb = fc.record(
      {
        'content-type': fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
          {
            weight: 2,
            arbitrary: fc.constantFrom(
              'APPLICATION/JSON',
              'application/problem+json',
              'application/vnd.regain+json',
              'application/jsonx',
              'text/plain',
              'text/plain;charset=UTF-8',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'json',
            ),
          },
          { weight: 1, arbitrary: headerValue },
        ),
        'accept-language': fc.oneof(
          headerValue,
          fc
            .array(
              fc.tuple(
                fc.constantFrom('fr', 'de-CH', 'en', '*', 'x-klingon', 'fr_FR', ''),
                fc.string({ maxLength: 6 }),
              ),
              { maxLength: 40 },
            )
            .map((parts) => parts.map(([tag, q]) => `${tag};q=${q}`).join(',')),
        ),
        'x-forwarded-for': fc.oneof(
          headerValue,
          fc
            .array(
              fc.oneof(
                fc.ipV4(),
                fc.ipV6(),
                fc.constantFrom(
                  'unknown',
                  '::ffff:10.0.0.1',
                  'fe80::1%eth0',
                  '[::1]:443',
                  '1.2.3.4:80',
                  '999.1.1.1',
                  '',
                  '127.0.0.1',
                ),
              ),
              { maxLength: 8 },
            )
            .map((ips) => ips.join(', ')),
        ),
        origin: fc.oneof(
          fc.constantFrom('null', allowedOrigin, 'http://localhost:5173', 'https://evil.example'),
          headerValue,
        ),
        accept: fc.oneof(fc.constantFrom('text/csv', 'application/json', '*/*', 'text/csv;q=0'), headerValue),
        'if-match': fc.oneof(
          fc.constantFrom('"v1"', 'W/"v0"', '"v999999999999999"', '*', `"v${'9'.repeat(16)}"`),
          headerValue,
        ),
        'user-agent': headerValue,
      },
      { requiredKeys: [] },
    );
    const segmentArb = fc.oneof(
      fc.constantFrom(
        'alice',
        'ALICE%40contoso.com',
        'bob',
        'carol',
        'dave',
        'ghost',
        'alternateEmail',
        'mobilePhone',
        'officePhone',
        'questions',
        '%00',
        'a%00b',
        '%FF%FE',
        '%E2%80%AE',
        '%2e%2e',
        '..',
        '%',
        '%zz',
        '%25',
        'a%2Fb',
        '%20',
        '+',
        'ü',
        'x'.repeat(3000),
        ';',
      ),
      weirdString.map(encode),
    );
    const queryArb = (spec: RouteSpec) => {
      const props = spec.query ? Object.entries(jsonSchemaOf(spec.query).properties ?? {}) : [];
      const queryValue = (sub?: JsonSchema) =>
        fc.oneof(
          weirdString,
          fc.stringMatching(/^\d{1,25}$/),
          ...(constantsOf(sub).length ? [fc.constantFrom(...constantsOf(sub).map(String))] : []),
        );
      const pair = fc.oneof(
        ...props.map(([k, sub]) => queryValue(sub).map((v) => `${k}=${encode(v)}`)),
        fc.tuple(weirdString, queryValue()).map(([k, v]) => `${encode(k)}=${encode(v)}`),
        fc.constantFrom(
          '%',
          '%zz=1',
          'a=%00',
          'cursor=9999999999999999999',
          'from=0000-01-01T00:00:00Z',
          'limit=1e3',
          '&&',
          '=',
          'to=%FF',
        ),
      );
      return fc
        .array(pair, { maxLength: spec.method === 'get' ? 4 : 1 })
        .map((parts) => (parts.length ? `?${parts.join('&')}` : ''));
    };
    const bodyArb = (spec: RouteSpec): fc.Arbitrary<string | undefined> => {
      const shaped: fc.Arbitrary<unknown> =
        spec === routes.adminPolicyPut
          ? fc
              .tuple(fc.constantFrom(...mutablePolicyPaths), weirdValue, fc.boolean())
              .map(([path, value, unknownKey]) => ({
                ...withValueAt(basePolicy, path, value),
                ...(unknownKey ? { fuzz: true } : {}),
              }))
          : spec.body
            ? objectArb(jsonSchemaOf(spec.body), 0)
            : fc.dictionary(weirdKey, weirdValue, { maxKeys: 3 });
      // Solved captchas let some reset starts reach the username handling (each solves once; replays must fail).
      const withCaptcha = shaped.chain((v) =>
        v && typeof v === 'object' && 'captcha' in v
          ? fc.constantFrom(...captchas).map((captcha) => ({ ...v, captcha }))
          : fc.constant(v),
      );
      // Cross-shrinking lets a counterexample's body shrink to a small shaped one when the body is not the cause.
      return fc.oneof(
        { withCrossShrink: true },
        { weight: 10, arbitrary: fc.oneof(shaped, withCaptcha).map((v) => JSON.stringify(v)) },
        { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
        {
          weight: 1,
          arbitrary: fc
            .integer({ min: 16 * 1024 - 32, max: 40 * 1024 })
            .map((n) => JSON.stringify({ username: 'a'.repeat(n) })),
        },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 6000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom('username', 'password', 'method', 'code', 'mobilePhone'),
              weirdString,
              weirdString,
            )
            .map(
              ([k, a, b]) =>
                `{${JSON.stringify(k)}:${JSON.stringify(a)},${JSON.stringify(k)}:${JSON.stringify(b)}}`,
            ),
        },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
    };
    // One arbitrary per route, built once (schemas converted once), so generating a request stays cheap.
    const requestArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
      ...specs.map(([route, spec]) =>
        fc
          .record({
            segments: fc.array(segmentArb, { minLength: 2, maxLength: 2 }),
            query: queryArb(spec),
            body: spec.method === 'get' ? fc.constant(undefined) : bodyArb(spec),
            auth: authArb(spec.auth),
            headers: headersArb,
          })
          .map(({ segments, query, body, auth, headers }): FuzzRequest => {
            let i = 0;
            const path = spec.path.replace(/\{\w+\}/g, () => segments[i++] ?? 'x') + query;
            // Node itself answers 431 to request lines over its 16 KiB header limit; stay well inside it.
            return {
              route,
              method: spec.method.toUpperCase(),
              path: path.slice(0, 8000),
              body,
              auth,
              headers,
            };
          }),
      ),
    );

    const perRoute = new Map<string, number>();
    const perStatus = new Map<number, number>();
    let sent = 0;
    const check = (r: FuzzRequest, a: Answer): void => {
      const where = `${r.method} ${r.path.slice(0, 200)} → ${a.status} ${a.text.slice(0, 300)}`;
      if (a.status >= 500) throw new Error(`server error: ${where}`);
      if (a.headers.get('x-content-type-options') !== 'nosniff')
        throw new Error(`no security headers: ${where}`);
      if (a.text.includes('Error:') || (a.text.includes('at ') && a.text.includes('.ts:')))
        throw new Error(`internals in the body: ${where}`);
      if (a.status >= 200 && a.status < 300) return;
      if (!/^application\/problem\+json/.test(a.headers.get('content-type') ?? ''))
        throw new Error(`error without problem+json: ${where}`);
      const body = a.body as { code?: unknown; status?: unknown } | null;
      if (typeof body?.code !== 'string' || body.status !== a.status)
        throw new Error(`problem without a code: ${where}`);
    };
    const send = async (r: FuzzRequest): Promise<void> => {
      const auth = authorization(r.auth, cred);
      const a = await t.api.call(r.method, r.path, r.body, {
        headers: { ...r.headers, ...(auth ? { authorization: auth } : {}) },
      });
      sent++;
      perRoute.set(r.route, (perRoute.get(r.route) ?? 0) + 1);
      perStatus.set(a.status, (perStatus.get(a.status) ?? 0) + 1);
      if (sent % 150 === 0) await refreshCredentials();
      check(r, a);
    };

    // Four properties side by side keep the database busy while the process parses; each counterexample is one request.
    const streams = 4;
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: streams }, () =>
        fc.assert(fc.asyncProperty(requestArb, send), {
          numRuns: numRuns / streams,
          plugins: [fc.interruptAfterTimeLimit(200_000, { failOnInterrupt: true })],
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `fuzz: ${sent} requests in ${seconds.toFixed(1)} s (${((seconds * 1000) / sent).toFixed(1)} ms each, ${refreshes} credential refreshes); statuses ${JSON.stringify(Object.fromEntries([...perStatus].sort(([x], [y]) => x - y)))}`,
    );
    for (const o of outcomes) if (o.status === 'rejected') throw o.reason;

    expect(sent).toBeGreaterThanOrEqual(numRuns);
    for (const [route] of specs)
      expect(perRoute.get(route) ?? 0, route).toBeGreaterThanOrEqual(numRuns / specs.length / 3);
    // The fuzz must get past authentication and validation, or it proves little.
    expect(perStatus.get(200) ?? 0).toBeGreaterThan(numRuns / 20);
    expect(perStatus.get(422) ?? 0).toBeGreaterThan(0);
    expect(perStatus.get(401) ?? 0).toBeLessThan(numRuns / 2);

    const health = await t.api.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect((await t.api.get('/readyz')).status).toBe(200);
  }, 300_000);
});
