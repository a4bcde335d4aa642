// The Hono application: middleware order (CORS and preflights first, then headers, caller, routes) and errors.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { ConsoleAuth } from '../console/console-auth.ts';
import type { DevProvider } from '../delivery/providers/dev.ts';
import { pickLocale } from '../delivery/templates.ts';
import { DirectoryUnavailableError } from '../directory/directory.ts';
import { RegistrationFlows } from '../flows/registration.ts';
import { ResetFlows } from '../flows/reset.ts';
import { ProblemError } from '../problem.ts';
import type { Services } from '../services.ts';
import { routeMounter } from './auth.ts';
import { boundedBodies } from './body-limit.ts';
import { clientIp, ipKey, type TrustedProxies } from './client-ip.ts';
import { cors } from './cors.ts';
import type { Env } from './env.ts';
import { httpMetrics } from './metrics.ts';
import { type MetricsAccess, metricsAccess } from './metrics-access.ts';
import { problemResponse, unexpected } from './problems.ts';
import { adminRoutes } from './routes/admin.ts';
import { consoleRoutes } from './routes/console.ts';
import { consolePageRoutes } from './routes/console-page.ts';
import { devRoutes } from './routes/dev.ts';
import { opsRoutes } from './routes/ops.ts';
import { portalRoutes } from './routes/portal.ts';
import { publicRoutes } from './routes/public.ts';
import { registrationRoutes } from './routes/registration.ts';
import { resetRoutes } from './routes/reset.ts';
import { widgetRoutes } from './routes/widget.ts';
import { securityHeaders } from './security-headers.ts';

export interface AppOptions {
  services: Services;
  corsOrigins: readonly string[];
  /** With --dev, loopback origins are allowed too. */
  dev: boolean;
  devProvider?: DevProvider | undefined;
  trustedProxies: TrustedProxies;
  registry: Registry;
  version: string;
  /** Who may read /metrics. */
  metrics: MetricsAccess;
}

const loopbackOrigin = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function createApp(o: AppOptions): Hono<Env> {
  const s = o.services;
  const app = new Hono<Env>();
  const flows = new ResetFlows(s);
  const registration = new RegistrationFlows(s);
  const allowed = new Set(o.corsOrigins);
  const originAllowed = (origin: string) => allowed.has(origin) || (o.dev && loopbackOrigin.test(origin));

  // Security headers wrap everything, CORS preflights included (they return before the rest of the chain).
  app.use(securityHeaders());
  app.use(cors(originAllowed));
  app.use(httpMetrics(o.registry));
  app.use(boundedBodies());
  app.use(async (c, next) => {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      // app.request() in tests has no socket; the forwarded header is then not trusted either.
    }
    const ip = clientIp(peer, c.req.header('x-forwarded-for'), o.trustedProxies);
    c.set('caller', {
      ip,
      ipKey: ipKey(ip),
      userAgent: c.req.header('user-agent') ?? null,
      locale: pickLocale(c.req.header('accept-language')),
    });
    await next();
  });

  const consoleAuth = new ConsoleAuth(s);
  const mount = routeMounter(app, {
    s,
    flows,
    registration,
    console: consoleAuth,
    metrics: metricsAccess(o.metrics),
  });
  opsRoutes(app, mount, s, o.registry, o.version);
  publicRoutes(mount, s);
  resetRoutes(mount, flows);
  registrationRoutes(mount, s, registration, originAllowed);
  adminRoutes(mount, s);
  consoleRoutes(mount, s, consoleAuth);
  widgetRoutes(app);
  portalRoutes(app, s);
  consolePageRoutes(app);
  if (o.dev && o.devProvider) devRoutes(mount, o.devProvider);

  app.notFound((c) => problemResponse(c, new ProblemError(404, 'not_found')));
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(c, err);
    // A directory that can't be reached is the same answer wherever the lookup happened: retry later.
    if (err instanceof DirectoryUnavailableError)
      return problemResponse(c, new ProblemError(503, 'directory_unavailable'));
    // Database or directory trouble fails closed with a generic answer; the log has the details, the client never.
    s.log.error({ err, route: c.req.routePath, method: c.req.method }, 'request failed');
    return unexpected(c);
  });
  return app;
}
