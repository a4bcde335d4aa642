// Operations: liveness, readiness, Prometheus metrics (for the scraper only) and the generated OpenAPI document.
import type { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { openApiDocument } from '../../../api/routes.ts';
import type { Services } from '../../services.ts';
import type { Mount } from '../auth.ts';
import type { Env } from '../env.ts';

export function opsRoutes(
  app: Hono<Env>,
  mount: Mount,
  s: Services,
  registry: Registry,
  version: string,
): void {
  const doc = openApiDocument(version);
  mount('healthz', (c) => c.json({ status: 'ok' }));
  mount('readyz', async (c) => {
    const checks = await Promise.allSettled([s.db.query('SELECT 1'), s.directory.ping()]);
    const [db, dir] = checks.map((r) => (r.status === 'fulfilled' ? 'ok' : 'down'));
    const ok = db === 'ok' && dir === 'ok';
    return c.json({ status: ok ? 'ready' : 'not_ready', database: db, directory: dir }, ok ? 200 : 503);
  });
  mount('metrics', async (c) =>
    c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }),
  );
  // The document describes the table; it is not a call of the table itself.
  app.get('/openapi.json', (c) => c.json(doc));
}
