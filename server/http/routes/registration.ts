// Registration routes (session token as Bearer) and ticket minting (API key with scope tickets).
import type { Context, Hono } from 'hono';
import { routes } from '../../../api/routes.ts';
import { mintTicket, type RegistrationFlows } from '../../flows/registration.ts';
import { problem } from '../../problem.ts';
import { checkApiKey } from '../../security/api-keys.ts';
import { bearer } from '../../security/tokens.ts';
import type { Services } from '../../services.ts';
import type { Env } from '../env.ts';
import { emptyBody, jsonBody } from '../json-body.ts';

/** The version an If-Match quotes (`"v12"` or `W/"v12"`); undefined when absent, 409 when unreadable. */
function ifMatch(c: Context): number | undefined {
  const h = c.req.header('if-match');
  if (h === undefined) return undefined;
  const m = /^(W\/)?"v(\d{1,15})"$/.exec(h.trim());
  if (!m) throw problem(409, 'registration_changed');
  return Number(m[2]);
}

export function registrationRoutes(
  app: Hono<Env>,
  s: Services,
  flows: RegistrationFlows,
  originAllowed: (o: string) => boolean,
): void {
  const session = (c: Context) => flows.load(bearer(c.req.header('authorization')));

  app.post(routes.registrationSession.path, async (c) => {
    const body = await jsonBody(c, routes.registrationSession.body);
    const origin = c.req.header('origin');
    const out = await flows.open(body, c.var.caller, {
      present: origin !== undefined,
      allowed: origin !== undefined && origin !== 'null' && originAllowed(origin),
    });
    return c.json(out, 201);
  });
  app.get(routes.registrationGet.path, async (c) => {
    const v = await flows.view(await session(c));
    return c.json(v.body, 200, { ETag: `"v${v.version}"` });
  });
  app.post(routes.registrationStepUp.path, async (c) => {
    const sess = await session(c);
    return c.json(
      await flows.stepUp(sess, await jsonBody(c, routes.registrationStepUp.body), c.var.caller),
      202,
    );
  });
  app.post(routes.registrationStepUpVerify.path, async (c) => {
    const sess = await session(c);
    return c.json(
      await flows.stepUpVerify(sess, await jsonBody(c, routes.registrationStepUpVerify.body), c.var.caller),
    );
  });
  app.post(routes.registrationAddMethod.path, async (c) => {
    const sess = await session(c);
    return c.json(
      await flows.addMethod(sess, await jsonBody(c, routes.registrationAddMethod.body), c.var.caller),
      202,
    );
  });
  app.post(routes.registrationVerifyMethod.path, async (c) => {
    const sess = await session(c);
    const body = await jsonBody(c, routes.registrationVerifyMethod.body);
    return c.json(await flows.verifyMethod(sess, body, ifMatch(c), c.var.caller));
  });
  app.delete(routes.registrationDeleteMethod.path.replace('{id}', ':id'), async (c) => {
    const sess = await session(c);
    await flows.deleteMethod(sess, c.req.param('id') ?? '', ifMatch(c), c.var.caller);
    return c.body(null, 204);
  });
  app.put(routes.registrationQuestions.path, async (c) => {
    const sess = await session(c);
    const { answers } = await jsonBody(c, routes.registrationQuestions.body);
    return c.json(await flows.putQuestions(sess, answers, ifMatch(c), c.var.caller));
  });
  app.post(routes.registrationConfirm.path, async (c) => {
    const sess = await session(c);
    await emptyBody(c);
    return c.json(await flows.confirm(sess, ifMatch(c), c.var.caller));
  });
  app.post(routes.registrationSnooze.path, async (c) => {
    const sess = await session(c);
    await emptyBody(c);
    return c.json(await flows.snooze(sess, ifMatch(c), c.var.caller));
  });

  app.post(routes.tickets.path, async (c) => {
    const key = /^Bearer (rgk_\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!key || !(await checkApiKey(s.db, key, 'tickets', c.var.caller.ip, s.clock.now())))
      throw problem(401, 'unauthorized');
    const { username } = await jsonBody(c, routes.tickets.body);
    return c.json(await mintTicket(s, username, `key:${key.slice(4, 16)}`), 201);
  });
}
