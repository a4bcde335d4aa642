// Registration routes (session token as Bearer) and ticket minting (API key with scope tickets), behind ../auth.ts.
import type { Context } from 'hono';
import { routes } from '../../../api/routes.ts';
import { mintTicket, type RegistrationFlows } from '../../flows/registration.ts';
import { problem } from '../../problem.ts';
import type { Services } from '../../services.ts';
import type { Mount } from '../auth.ts';
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
  mount: Mount,
  s: Services,
  flows: RegistrationFlows,
  originAllowed: (o: string) => boolean,
): void {
  mount('registrationSession', async (c) => {
    const body = await jsonBody(c, routes.registrationSession.body);
    const origin = c.req.header('origin');
    const out = await flows.open(body, c.var.caller, {
      present: origin !== undefined,
      allowed: origin !== undefined && origin !== 'null' && originAllowed(origin),
    });
    return c.json(out, 201);
  });
  mount('registrationGet', async (c, sess) => {
    const v = await flows.view(sess);
    return c.json(v.body, 200, { ETag: `"v${v.version}"` });
  });
  mount('registrationStepUp', async (c, sess) =>
    c.json(await flows.stepUp(sess, await jsonBody(c, routes.registrationStepUp.body), c.var.caller), 202),
  );
  mount('registrationStepUpVerify', async (c, sess) =>
    c.json(
      await flows.stepUpVerify(sess, await jsonBody(c, routes.registrationStepUpVerify.body), c.var.caller),
    ),
  );
  mount('registrationAddMethod', async (c, sess) =>
    c.json(
      await flows.addMethod(sess, await jsonBody(c, routes.registrationAddMethod.body), c.var.caller),
      202,
    ),
  );
  mount('registrationVerifyMethod', async (c, sess) => {
    const body = await jsonBody(c, routes.registrationVerifyMethod.body);
    return c.json(await flows.verifyMethod(sess, body, ifMatch(c), c.var.caller));
  });
  mount('registrationDeleteMethod', async (c, sess) => {
    await flows.deleteMethod(sess, c.req.param('id') ?? '', ifMatch(c), c.var.caller);
    return c.body(null, 204);
  });
  mount('registrationQuestions', async (c, sess) => {
    const { answers } = await jsonBody(c, routes.registrationQuestions.body);
    return c.json(await flows.putQuestions(sess, answers, ifMatch(c), c.var.caller));
  });
  mount('registrationConfirm', async (c, sess) => {
    await emptyBody(c);
    return c.json(await flows.confirm(sess, ifMatch(c), c.var.caller));
  });
  mount('registrationSnooze', async (c, sess) => {
    await emptyBody(c);
    return c.json(await flows.snooze(sess, ifMatch(c), c.var.caller));
  });
  mount('tickets', async (c, key) => {
    const { username } = await jsonBody(c, routes.tickets.body);
    return c.json(await mintTicket(s, username, key.actor), 201);
  });
}
