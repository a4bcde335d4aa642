// Reset flow routes: HTTP in, ResetFlows calls, JSON out; the flow token is checked by the gate (../auth.ts).
import { routes } from '../../../api/routes.ts';
import type { ResetFlows } from '../../flows/reset.ts';
import { ProblemError, problem } from '../../problem.ts';
import type { Mount } from '../auth.ts';
import { emptyBody, jsonBody } from '../json-body.ts';

export function resetRoutes(mount: Mount, flows: ResetFlows): void {
  mount('resetStart', async (c) => {
    // A missing or mistyped captcha is a captcha failure (API.md: `400 captcha_invalid`), not a schema error.
    const body = await jsonBody(c, routes.resetStart.body).catch((err: unknown) => {
      if (err instanceof ProblemError && err.code === 'validation_failed' && err.extras.field === 'captcha')
        throw problem(400, 'captcha_invalid');
      throw err;
    });
    return c.json(await flows.start(body, c.var.caller), 201);
  });
  mount('resetChallenge', async (c, f) => {
    const out = await flows.challenge(f, await jsonBody(c, routes.resetChallenge.body), c.var.caller);
    return c.json(out.body, out.status);
  });
  mount('resetVerify', async (c, f) =>
    c.json(await flows.verify(f, await jsonBody(c, routes.resetVerify.body), c.var.caller)),
  );
  mount('resetPassword', async (c, f) => {
    const { password } = await jsonBody(c, routes.resetPassword.body);
    return c.json(await flows.setPassword(f, password, c.var.caller));
  });
  mount('resetUnlock', async (c, f) => {
    await emptyBody(c);
    return c.json(await flows.unlock(f, c.var.caller));
  });
  mount('resetCancel', async (c, f) => {
    await emptyBody(c);
    await flows.cancel(f, c.var.caller);
    return c.body(null, 204);
  });
}
