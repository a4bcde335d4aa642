// Strict JSON on every route and the policy's two writes: hostile keys refused, PUT whole, PATCH as a merge patch.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../../api/policy.ts';
import { type RouteSpec, routes } from '../../../api/routes.ts';
import { createApiKey } from '../../../server/security/api-keys.ts';
import { demoUsers } from '../../../server/seed-demo.ts';
import { consoleHeaders, consoleSignIn } from '../../helpers/console.ts';
import { startReset, startService, type TestService } from '../../helpers/service.ts';

/** A plausible body for each route that takes one, so the hostile key is the only thing wrong with it. */
const bodies: Partial<Record<keyof typeof routes, Record<string, unknown>>> = {
  passwordCheck: { password: 'Correct-Horse-Battery-9' },
  passwordChange: {
    username: 'bob',
    currentPassword: 'Maple-Crane-77',
    newPassword: 'Correct-Horse-Battery-9',
  },
  resetStart: { username: 'alice', captcha: 'x' },
  resetChallenge: { method: 'alternateEmail' },
  resetVerify: { method: 'alternateEmail', code: '12345678' },
  resetPassword: { password: 'Correct-Horse-Battery-9' },
  resetUnlock: {},
  resetCancel: {},
  registrationSession: { username: 'alice', password: 'Tulip-Harbor-42' },
  registrationStepUp: { method: 'alternateEmail' },
  registrationStepUpVerify: { method: 'alternateEmail', code: '12345678' },
  registrationAddMethod: { id: 'alternateEmail', email: 'alice@example.org' },
  registrationVerifyMethod: { pendingId: '00000000-0000-0000-0000-000000000000', code: '12345678' },
  registrationQuestions: { answers: [] },
  registrationConfirm: {},
  registrationSnooze: {},
  tickets: { username: 'carol' },
  adminPolicyPatch: { organization: { name: 'Fabrikam' } },
  adminContactPut: { alternateEmail: 'alice@example.org' },
  consoleSignIn: { username: 'ada', password: 'Beacon-Orchid-Summit-28' },
  consoleSignInChallenge: { challenge: 'x', method: 'alternateEmail' },
  consoleSignInVerify: { challenge: 'x', method: 'alternateEmail', code: '12345678' },
  consoleSignOut: {},
  consoleUserUnblock: {},
  consoleKeyCreate: { name: 'strict', scope: 'tickets' },
  consoleKeyRevoke: {},
  consolePolicyPatch: { organization: { name: 'Fabrikam' } },
  consolePolicyPreview: { reset: { gatesRequired: 2 } },
  consolePolicyRevert: {},
  consoleUserContact: { alternateEmail: 'alice@example.org' },
  consoleUserRevoke: {},
};

describe('strict request bodies', () => {
  let t: TestService;
  let policy: Policy;
  let flowToken = '';
  let sessionToken = '';
  let ticketsKey = '';
  let consoleCookie = '';
  const admin = () => ({ token: t.adminKey });

  beforeAll(async () => {
    t = await startService('pglite');
    policy = (await t.api.get<Policy>('/v1/admin/policy', admin())).body;
    bodies.adminPolicyPut = policy as unknown as Record<string, unknown>;
    flowToken = (await startReset(t, 'alice')).body.token;
    sessionToken = (
      await t.api.post<{ token: string }>('/v1/registration/session', {
        username: 'alice',
        password: 'Tulip-Harbor-42',
      })
    ).body.token;
    ticketsKey = (await createApiKey(t.db, { scope: 'tickets', name: 'strict', now: t.clock.now() })).key;
    consoleCookie = (await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example')).cookie;
  });
  afterAll(async () => t?.close());

  const tokenFor = (spec: RouteSpec) =>
    ({
      none: undefined,
      flowOptional: undefined,
      flow: flowToken,
      session: sessionToken,
      admin: t.adminKey,
      tickets: ticketsKey,
      metrics: undefined,
      consoleSignIn: undefined,
      console: undefined,
      consoleOptional: undefined,
    })[spec.auth];
  /** Console calls carry the console page's headers, and its cookie once signed in. */
  const headersFor = (spec: RouteSpec): Record<string, string> =>
    spec.auth === 'console' || spec.auth === 'consoleOptional'
      ? { ...consoleHeaders(t), cookie: consoleCookie }
      : spec.auth === 'consoleSignIn'
        ? consoleHeaders(t)
        : {};

  it('refuses __proto__, constructor and prototype at any depth on every route with a body, changing nothing', async () => {
    const withBody = (Object.entries(routes) as [keyof typeof routes, RouteSpec][]).filter(
      ([name]) => bodies[name],
    );
    expect(withBody.length).toBe(Object.values(routes).filter((r) => 'body' in r).length);
    const snapshot = async () => ({
      policy: (await t.api.get('/v1/admin/policy', admin())).body,
      alice: (await t.api.get('/v1/admin/users/alice', admin())).body,
      flow: await t.db.query(
        "SELECT state, passed_methods FROM flows WHERE state <> 'decoy' ORDER BY created_at",
      ),
    });
    const before = await snapshot();
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withBody),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.array(fc.constantFrom('nested', 'strings', 'x'), { maxLength: 3 }),
        async ([name, spec], key, depth) => {
          // {"nested":{"x":{"__proto__":{…}}}} beside the route's ordinary fields.
          let hostile = `{"${key}":{"enabled":"none","name":"owned"}}`;
          for (const d of [...depth].reverse()) hostile = `{"${d}":${hostile}}`;
          const base = JSON.stringify(bodies[name]);
          const text = base === '{}' ? hostile : `${base.slice(0, -1)},${hostile.slice(1)}`;
          const path = spec.path.replace('{username}', 'alice').replace('{id}', 'alternateEmail');
          const token = tokenFor(spec);
          const res = await t.api.call(spec.method.toUpperCase(), path, text, {
            ...(token ? { token } : {}),
            headers: headersFor(spec),
          });
          seen.add(name);
          expect(res.status, `${name}: ${res.text}`).toBe(400);
          expect(res.body).toMatchObject({ code: 'validation_failed', field: [...depth, key].join('.') });
        },
      ),
      { numRuns: 200 },
    );
    expect(seen.size).toBeGreaterThan(withBody.length / 2);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the stored policy when PUT gets {"__proto__": …} (it once stored all defaults)', async () => {
    const res = await t.api.put('/v1/admin/policy', '{"__proto__":{"reset":{"enabled":"none"}}}', admin());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', field: '__proto__' });
    const after = (await t.api.get<Policy>('/v1/admin/policy', admin())).body;
    expect(after).toEqual(policy);
    expect(after.organization.name).toBe('Contoso');
  });

  it('refuses a PUT that leaves out a section, naming it', async () => {
    for (const section of Object.keys(policy) as (keyof Policy)[]) {
      const { [section]: _left, ...rest } = policy;
      const res = await t.api.put('/v1/admin/policy', rest, admin());
      expect(res.status, section).toBe(422);
      expect(res.body).toMatchObject({ code: 'validation_failed', field: section });
    }
    expect((await t.api.get('/v1/admin/policy', admin())).body).toEqual(policy);
  });

  it('applies a merge patch, validates the merged policy and removes with null', async () => {
    const merge = { 'content-type': 'application/merge-patch+json' };
    const changed = await t.api.call<Policy>(
      'PATCH',
      '/v1/admin/policy',
      { organization: { name: 'Fabrikam' }, helpdesk: { url: null } },
      { ...admin(), headers: merge },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.organization.name).toBe('Fabrikam');
    expect(changed.body.organization.domains).toEqual(policy.organization.domains);
    expect(changed.body.helpdesk.url).toBeUndefined();
    expect(changed.body.privileged).toEqual(policy.privileged);

    // The merged result must be valid as a whole: two gates with one method left is refused.
    const invalid = await t.api.call(
      'PATCH',
      '/v1/admin/policy',
      {
        reset: { gatesRequired: 2 },
        methods: {
          mobilePhone: { enabled: false },
          officePhone: { enabled: false },
          questions: { enabled: false },
        },
      },
      admin(),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ code: 'validation_failed', field: 'reset.gatesRequired' });
    for (const bad of ['[]', '"x"', 'null'])
      expect((await t.api.call('PATCH', '/v1/admin/policy', bad, admin())).status).toBe(422);
    expect((await t.api.get<Policy>('/v1/admin/policy', admin())).body).toEqual(changed.body);

    const restored = await t.api.put('/v1/admin/policy', policy, admin());
    expect(restored.status).toBe(200);
    expect(restored.body).toEqual(policy);
  });

  it('repairs a stored policy that no longer validates (after an upgrade) with PUT or PATCH, never a 500', async () => {
    const broken = { ...policy, throttles: { ...policy.throttles, codeChecks: 99 } };
    await t.db.query("UPDATE settings SET value = $1 WHERE key = 'policy'", [JSON.stringify(broken)]);
    const patched = await t.api.call<Policy>(
      'PATCH',
      '/v1/admin/policy',
      { throttles: { codeChecks: 5 } },
      admin(),
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.throttles.codeChecks).toBe(5);
    await t.db.query("UPDATE settings SET value = $1 WHERE key = 'policy'", [JSON.stringify(broken)]);
    const put = await t.api.put<Policy>('/v1/admin/policy', policy, admin());
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual(policy);
  });

  it('takes no body or exactly {} on calls without input, and refuses anything else', async () => {
    const cancel = (await startReset(t, 'dave')).body.token;
    const extra = await t.api.post('/v1/reset/cancel', { reason: 'x' }, { token: cancel });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ code: 'validation_failed' });
    const text = await t.api.post('/v1/reset/cancel', 'x', {
      token: cancel,
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const bare = await fetch(`${t.url}/v1/reset/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cancel}` },
    });
    expect(bare.status).toBe(204);
  });
});
