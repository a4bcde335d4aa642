// The breached-password range check against a loopback Pwned-Passwords-compatible server (SECURITY 35).
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../server/config.ts';
import { createPasswordRules } from '../../../server/flows/password-rules.ts';
import { createPasswordEngine, defaultPasswordPolicy } from '../../../server/password/engine.ts';
import {
  countInRange,
  createRangeCheck,
  rangeCheckConfigSchema,
  rangeKey,
} from '../../../server/password/range-check.ts';

// Strong by every local rule, so only the range check can reject it.
const breachedPassword = 'Quartz-Meadow-8812';
const cleanPassword = 'Lantern-Orchid-5150';
const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex').toUpperCase();
const ctx = { authenticated: false, organizationName: 'Contoso' } as const;

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

/** A reference range service: lists `breachedPassword` 42 times and pads with zero-count lines when asked. */
async function startRangeServer(mode: { slow?: boolean } = {}) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    if (mode.slow) return; // never answers: the client's timeout must end the wait
    const m = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(400).end();
      return;
    }
    const lines: string[] = [];
    const hit = sha1(breachedPassword);
    if (hit.startsWith(m[1]!)) lines.push(`${hit.slice(5)}:42`);
    lines.push('0018A45C4D1DEF81644B54AB7F969B88D65:1');
    if (req.headers['add-padding'] === 'true')
      for (let i = 0; i < 5; i++) lines.push(`${'F'.repeat(34)}${i}:0`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const config = (over: Record<string, unknown>) => rangeCheckConfigSchema.parse(over);

describe('range check helpers', () => {
  it('splits the uppercase SHA-1 into a 5-character prefix and the rest', () => {
    const { prefix, suffix } = rangeKey('password');
    expect(prefix).toBe('5BAA6');
    expect(suffix).toBe('1E4C9B93F3F0682250B6CF8331B7EE68FD8');
  });

  it('finds a suffix in CRLF lines, case-insensitively, and treats padding (count 0) as absent', () => {
    const body = 'AAA:3\r\n1e4c9b93f3f0682250b6cf8331b7ee68fd8:9545824\r\nBBB:0';
    expect(countInRange(body, '1E4C9B93F3F0682250B6CF8331B7EE68FD8')).toBe(9545824);
    expect(countInRange(body, 'BBB')).toBe(0);
    expect(countInRange(body, 'CCC')).toBe(0);
  });

  it('defaults to the public service, 1.5 s, failing open', () => {
    expect(config({})).toEqual({ url: 'https://api.pwnedpasswords.com', timeoutMs: 1500, failOpen: true });
    expect(rangeCheckConfigSchema.safeParse({ url: 'ftp://x.example' }).success).toBe(false);
  });

  it('is off unless configured in the service settings', () => {
    expect(resolveConfig([{}]).password.rangeCheck).toBeUndefined();
    expect(resolveConfig([{ password: { rangeCheck: { failOpen: false } } }]).password.rangeCheck).toEqual({
      url: 'https://api.pwnedpasswords.com',
      timeoutMs: 1500,
      failOpen: false,
    });
  });
});

describe('range check against a loopback service', () => {
  let svc: Awaited<ReturnType<typeof startRangeServer>>;
  beforeAll(async () => {
    svc = await startRangeServer();
  });
  afterAll(async () => svc?.close());

  it('rejects a breached password as common_password with its count', async () => {
    const engine = await createPasswordEngine(defaultPasswordPolicy, {
      rangeCheck: createRangeCheck(config({ url: svc.url })),
    });
    expect(await engine.check(breachedPassword, ctx)).toEqual({
      accepted: false,
      violations: [{ rule: 'common_password', params: { source: 'breached', count: 42 } }],
    });
    expect(await engine.check(cleanPassword, ctx)).toEqual({ accepted: true, violations: [] });
  });

  it('sends only the 5 hex characters of the SHA-1 prefix, asking for padding', async () => {
    svc.seen.length = 0;
    const check = createRangeCheck(config({ url: `${svc.url}/` }));
    expect(await check.violation(breachedPassword)).toBeDefined();
    expect(svc.seen).toHaveLength(1);
    const [req] = svc.seen;
    expect(req!.method).toBe('GET');
    expect(req!.url).toBe(`/range/${sha1(breachedPassword).slice(0, 5)}`);
    expect(req!.url).toMatch(/^\/range\/[0-9A-F]{5}$/);
    expect(req!.headers['add-padding']).toBe('true');
    // Nothing else about the password travels: not the suffix, not the password, in any header.
    const everything = JSON.stringify(req);
    expect(everything).not.toContain(sha1(breachedPassword).slice(5));
    expect(everything).not.toContain(breachedPassword);
  });

  it('does not ask the service about a password the local rules already refuse', async () => {
    svc.seen.length = 0;
    const engine = await createPasswordEngine(defaultPasswordPolicy, {
      rangeCheck: createRangeCheck(config({ url: svc.url })),
    });
    expect((await engine.check('short', ctx)).accepted).toBe(false);
    expect((await engine.check('password1', ctx)).accepted).toBe(false);
    expect(svc.seen).toHaveLength(0);
  });

  it('is wired through the service password rules with a readable message', async () => {
    const rules = createPasswordRules({ rangeCheck: createRangeCheck(config({ url: svc.url })) });
    const policy = {
      organization: { name: 'Contoso' },
      password: {
        minLength: 8,
        maxLength: 256,
        onlyFactor: false,
        requireClasses: false,
        bannedTerms: [],
        contextWords: [],
        historyCount: 5,
        commonListEntries: 100_000,
      },
    } as unknown as Parameters<typeof rules.check>[0];
    const r = await rules.check(policy, breachedPassword, { username: 'alice' });
    expect(r.accepted).toBe(false);
    expect(r.violations[0]).toMatchObject({ rule: 'common_password', params: { source: 'breached' } });
    expect(r.violations[0]!.message).toMatch(/breach/);
  });
});

describe('range service down or slow', () => {
  let slow: Awaited<ReturnType<typeof startRangeServer>>;
  let downUrl: string;
  beforeAll(async () => {
    slow = await startRangeServer({ slow: true });
    // A port that was just free: connections are refused.
    const gone = await startRangeServer();
    downUrl = gone.url;
    await gone.close();
  });
  afterAll(async () => slow?.close());

  it.each([
    ['down', () => downUrl],
    ['slow', () => slow.url],
  ])('accepts within the timeout when the service is %s (fail open)', async (_, url) => {
    const errors: unknown[] = [];
    const engine = await createPasswordEngine(defaultPasswordPolicy, {
      rangeCheck: createRangeCheck(config({ url: url(), timeoutMs: 200 }), {
        onUnavailable: (e) => errors.push(e),
      }),
    });
    const t0 = performance.now();
    expect(await engine.check(breachedPassword, ctx)).toEqual({ accepted: true, violations: [] });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['down', () => downUrl],
    ['slow', () => slow.url],
  ])('rejects when the service is %s and the check fails closed', async (_, url) => {
    const engine = await createPasswordEngine(defaultPasswordPolicy, {
      rangeCheck: createRangeCheck(config({ url: url(), timeoutMs: 200, failOpen: false })),
    });
    const t0 = performance.now();
    expect(await engine.check(cleanPassword, ctx)).toEqual({
      accepted: false,
      violations: [{ rule: 'common_password', params: { source: 'breach_unavailable' } }],
    });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
