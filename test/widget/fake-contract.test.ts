// The widget's fake service speaks the contract: every answer it gives validates against api/'s schemas for that
// route and status, so UI tests over it cannot pass on a shape the real service would never send.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { problemSchema } from '../../api/problems.ts';
import { type RouteName, responsesOf, routes } from '../../api/routes.ts';
import { solveAltcha } from '../../widget/captcha/solve-altcha.ts';
import { type Answer, createFakeService } from '../../widget/mocks/fake-service.ts';

/** Checks one answer against the route's declared response: its schema for that status, problem+json for errors. */
function conforms(name: RouteName, a: Answer): void {
  const declared = (responsesOf(routes[name]) as Record<number, { schema?: z.ZodType }>)[a.status];
  expect(declared, `${name} answered ${a.status}, which the route table does not declare`).toBeDefined();
  const schema = a.status >= 400 ? problemSchema : declared?.schema;
  if (!schema) {
    expect(a.body ?? null).toBeNull();
    return;
  }
  const r = schema.safeParse(a.body);
  expect(r.success, `${name} ${a.status}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
}

describe('fake service contract', () => {
  it('answers a whole reset, its errors included, in the shapes of api/routes.ts', async () => {
    const fake = createFakeService();
    conforms('config', fake.config());
    const challenge = await fake.captcha();
    conforms('captcha', challenge);
    const captcha = await solveAltcha(challenge.body as never);
    const start = await fake.start({ username: 'alice', captcha });
    conforms('resetStart', start);
    conforms('resetStart', await fake.start({ username: 'alice', captcha }));
    const token = (start.body as { token: string }).token;
    conforms('resetChallenge', await fake.challenge(token, { method: 'alternateEmail', channel: 'email' }));
    conforms('resetChallenge', await fake.challenge(token, { method: 'alternateEmail', channel: 'email' }));
    conforms('resetVerify', await fake.verify(token, { method: 'alternateEmail', code: '00000000' }));
    conforms(
      'resetVerify',
      await fake.verify('no-such-token-no-such-token', { method: 'alternateEmail', code: '1' }),
    );
    conforms('resetPassword', await fake.setPassword(token, { password: 'Correct-Horse-Battery-9' }));
    conforms('resetVerify', await fake.verify(token, { method: 'alternateEmail', code: '12345678' }));
    conforms('passwordCheck', fake.checkPassword(token, { password: 'password1' }));
    conforms('resetPassword', await fake.setPassword(token, { password: 'password1' }));
    conforms('resetPassword', await fake.setPassword(token, { password: 'Correct-Horse-Battery-9' }));
    conforms('resetUnlock', await fake.unlock(token));
    conforms('resetCancel', await fake.cancel(token));
  });

  it('answers an unknown token as the service does: 401 flow_expired', async () => {
    const fake = createFakeService();
    const a = await fake.challenge('no-such-token-no-such-token', { method: 'alternateEmail' });
    expect(a).toMatchObject({ status: 401, body: { code: 'flow_expired' } });
  });
});
