// Reset flow routes: HTTP in, ResetFlows calls, JSON out.
import type { Hono } from 'hono';
import { routes } from '../../../api/routes.ts';
import type { ResetFlows } from '../../flows/reset.ts';
import { ProblemError, problem } from '../../problem.ts';
import { bearer } from '../../security/tokens.ts';
import type { Env } from '../env.ts';
import { emptyBody, jsonBody } from '../json-body.ts';

export function resetRoutes(app: Hono<Env>, flows: ResetFlows): void {
  const token = (auth: string | undefined) => bearer(auth);
  app.post(routes.resetStart.path, async (c) => {
    // A missing or mistyped captcha is a captcha failure (API.md: `400 captcha_invalid`), not a schema error.
    const body = await jsonBody(c, routes.resetStart.body).catch((err: unknown) => {
      if (err instanceof ProblemError && err.code === 'validation_failed' && err.extras.field === 'captcha')
        throw problem(400, 'captcha_invalid');
      throw err;
    });
    return c.json(await flows.start(body, c.var.caller), 201);
  });
  app.post(routes.resetChallenge.path, async (c) => {
    const t = token(c.req.header('authorization'));
    const f = await flows.load(t);
    const out = await flows.challenge(f, await jsonBody(c, routes.resetChallenge.body), c.var.caller);
    return c.json(out.body, out.status);
  });
  app.post(routes.resetVerify.path, async (c) => {
    const t = token(c.req.header('authorization'));
    const f = await flows.load(t);
    return c.json(await flows.verify(f, await jsonBody(c, routes.resetVerify.body), c.var.caller));
  });
  app.post(routes.resetPassword.path, async (c) => {
    const t = token(c.req.header('authorization'));
    const f = await flows.load(t);
    const { password } = await jsonBody(c, routes.resetPassword.body);
    return c.json(await flows.setPassword(f, password, c.var.caller));
  });
  app.post(routes.resetUnlock.path, async (c) => {
    await emptyBody(c);
    return c.json(await flows.unlock(token(c.req.header('authorization')), c.var.caller));
  });
  app.post(routes.resetCancel.path, async (c) => {
    await emptyBody(c);
    await flows.cancel(token(c.req.header('authorization')), c.var.caller);
    return c.body(null, 204);
  });
}
