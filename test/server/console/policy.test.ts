// The console's policy: the same merge patch, schema and audit as the admin API, a preview of who could still
// reset, the history with the admin's name, and reverting to before a change; admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../../api/policy.ts';
import { demoUsers } from '../../../server/seed-demo.ts';
import { consoleHeaders, consoleSignIn } from '../../helpers/console.ts';
import { startService, type TestService } from '../../helpers/service.ts';

let t: TestService;
let headers: Record<string, string> = {};
beforeAll(async () => {
  t = await startService('pglite');
  headers = {
    ...consoleHeaders(t),
    cookie: (await consoleSignIn(t, 'ada', demoUsers.ada, 'ada@personal.example')).cookie,
  };
});
afterAll(async () => t?.close());

const patch = (body: unknown) =>
  t.api.call<Policy & { field?: string }>('PATCH', '/admin/api/policy', body, { headers });

describe('console policy', () => {
  it('previews how many users could still reset: two gates leave out the users with one method', async () => {
    const res = await t.api.post<{ total: number; registeredNow: number; registeredAfter: number }>(
      '/admin/api/policy/preview',
      { reset: { gatesRequired: 2 } },
      { headers },
    );
    expect(res.status).toBe(200);
    expect(res.body.registeredAfter).toBeLessThan(res.body.registeredNow);
    // Nothing was stored.
    expect((await t.api.get<Policy>('/admin/api/policy', { headers })).body.reset.gatesRequired).toBe(1);
    const bad = await t.api.post('/admin/api/policy/preview', { reset: { gatesRequired: 3 } }, { headers });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ field: 'reset.gatesRequired' });
  });

  it('saves a change as the admin, refuses a bad one naming the field, and lists both in the history', async () => {
    const saved = await patch({ organization: { name: 'Fabrikam' } });
    expect(saved.status).toBe(200);
    expect(saved.body.organization.name).toBe('Fabrikam');
    const refused = await patch({ registration: { reconfirmDays: 9999 } });
    expect(refused.status).toBe(422);
    expect(refused.body.field).toBe('registration.reconfirmDays');
    const history = await t.api.get<{
      changes: { id: string; actor: string; before: Policy; after: Policy }[];
    }>('/admin/api/policy/history', { headers });
    const last = history.body.changes[0]!;
    expect(last.actor).toBe('console:ada');
    expect(last.before.organization.name).toBe('Contoso');
    expect(last.after.organization.name).toBe('Fabrikam');
  });

  it('reverts to the policy before a change, which is itself a change in the history', async () => {
    const history = await t.api.get<{ changes: { id: string }[] }>('/admin/api/policy/history', { headers });
    const id = history.body.changes[0]!.id;
    const back = await t.api.post<Policy>(`/admin/api/policy/history/${id}/revert`, {}, { headers });
    expect(back.status).toBe(200);
    expect(back.body.organization.name).toBe('Contoso');
    const after = await t.api.get<{ changes: { actor: string }[] }>('/admin/api/policy/history', { headers });
    expect(after.body.changes[0]!.actor).toBe('console:ada');
    expect((await t.api.post('/admin/api/policy/history/999999/revert', {}, { headers })).status).toBe(404);
    expect((await t.api.post('/admin/api/policy/history/x/revert', {}, { headers })).status).toBe(404);
  });

  it('is for admins only', async () => {
    const hal = (await consoleSignIn(t, 'hal', demoUsers.hal, 'hal@personal.example')).cookie;
    const helpdesk = { ...consoleHeaders(t), cookie: hal };
    expect((await t.api.get('/admin/api/policy', { headers: helpdesk })).status).toBe(403);
    expect(
      (await t.api.call('PATCH', '/admin/api/policy', { reset: { enabled: 'none' } }, { headers: helpdesk }))
        .status,
    ).toBe(403);
    expect((await t.api.get<Policy>('/admin/api/policy', { headers })).body.reset.enabled).toBe('all');
  });
});
