// One authentication gate for every route, driven by the route table's `auth`: routes are mounted only through it.
import type { Context, Hono } from 'hono';
import type { Auth, RouteName, RouteSpec } from '../../api/routes.ts';
import { routes } from '../../api/routes.ts';
import type { ConsoleAuth, ConsoleSession } from '../console/console-auth.ts';
import { consoleCookie, consoleHeader } from '../console/console-cookie.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import type { RegistrationFlows, Session } from '../flows/registration.ts';
import type { FlowRow, ResetFlows } from '../flows/reset.ts';
import { problem } from '../problem.ts';
import { identifyApiKey, type KeyScope } from '../security/api-keys.ts';
import { bearer } from '../security/tokens.ts';
import type { Services } from '../services.ts';
import type { Env } from './env.ts';

/** An API key that passed the gate; `actor` names it in the audit. */
export interface KeyCredential {
  id: string;
  actor: string;
}

/** What a route's handler receives for its kind of auth. */
export type Credential<A extends Auth> = A extends 'flow'
  ? FlowRow
  : A extends 'flowOptional'
    ? DirectoryUser | null
    : A extends 'session'
      ? Session
      : A extends 'admin' | 'tickets'
        ? KeyCredential
        : A extends 'console'
          ? ConsoleSession
          : A extends 'consoleOptional'
            ? ConsoleSession | null
            : undefined;

export interface Gate {
  s: Services;
  flows: ResetFlows;
  registration: RegistrationFlows;
  console: ConsoleAuth;
  /** Refuses a caller who may not read /metrics (./metrics-access.ts). */
  metrics: (c: Context<Env>) => void;
}

type Handler<N extends RouteName> = (
  c: Context<Env>,
  credential: Credential<(typeof routes)[N]['auth']>,
) => Response | Promise<Response>;

export type Mount = <N extends RouteName>(name: N, handler: Handler<N>) => void;

/**
 * Returns `mount(name, handler)`: registers the route of the table under its method and path, behind the auth its
 * spec names. There is no other way to mount a route, so none can be served without the credential it asks for.
 *
 * @example mount('adminUnblock', async (c, key) => { … key.actor … })
 */
export function routeMounter(app: Hono<Env>, gate: Gate): Mount {
  return <N extends RouteName>(name: N, handler: Handler<N>): void => {
    const spec: RouteSpec = routes[name];
    const path = spec.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(spec.method.toUpperCase(), path, async (c) => {
      const credential = await authenticate(gate, spec.auth, c);
      // A console route for admins refuses the helpdesk role here, whatever its handler does.
      if (spec.role && (credential as ConsoleSession | undefined)?.role !== spec.role)
        throw problem(403, 'forbidden', { detail: `${spec.role}s only` });
      return handler(c, credential as Credential<(typeof routes)[N]['auth']>);
    });
  };
}

/** Establishes the credential a kind of auth asks for; every refusal is a problem (401, or 403 for a scope). */
export async function authenticate(gate: Gate, auth: Auth, c: Context<Env>): Promise<unknown> {
  const header = c.req.header('authorization');
  switch (auth) {
    case 'none':
      return undefined;
    case 'metrics':
      gate.metrics(c);
      return undefined;
    case 'flow':
      return gate.flows.load(bearer(header));
    case 'flowOptional': {
      // A reset flow or a registration session makes the call authenticated (password check: names and history).
      if (!header) return null;
      const token = bearer(header);
      const flow = await gate.flows.load(token).catch(() => null);
      if (flow) return flow.user_id && !flow.decoy ? gate.s.directory.getUser(flow.user_id) : null;
      return (await gate.registration.load(token)).user;
    }
    case 'session':
      return gate.registration.load(bearer(header));
    case 'admin':
    case 'tickets':
      return apiKey(gate.s, c, auth);
    case 'consoleSignIn':
      fromConsole(c);
      return undefined;
    case 'console':
      fromConsole(c);
      return gate.console.load(consoleCookie(c));
    case 'consoleOptional': {
      fromConsole(c);
      const token = consoleCookie(c);
      return token ? gate.console.load(token).catch(() => null) : null;
    }
  }
}

/**
 * Console calls ride on a cookie, so each must come from the console's own page: the browser says so
 * (`Sec-Fetch-Site: same-origin`, else an `Origin` naming this host) and it carries the console's own header,
 * which no cross-site form can send. Anything else is 403 before any work.
 */
function fromConsole(c: Context<Env>): void {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const host = c.req.header('host')?.toLowerCase();
  let sameOrigin = site === 'same-origin';
  if (!site && origin && host)
    try {
      sameOrigin = new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
  if (!sameOrigin || c.req.header(consoleHeader) !== '1') throw problem(403, 'csrf_refused');
}

/** A live key from the caller's address is needed (else 401); with another scope than the route's, 403. */
async function apiKey(s: Services, c: Context<Env>, scope: KeyScope): Promise<KeyCredential> {
  const key = /^Bearer (rgk_\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  const found = key ? await identifyApiKey(s.db, key, c.var.caller.ip, s.clock.now()) : null;
  if (!found) throw problem(401, 'unauthorized');
  if (found.scope !== scope) throw problem(403, 'insufficient_scope', { scope });
  return { id: found.id, actor: `key:${found.prefix}` };
}
