// Development only: what the dev delivery provider "sent", for tests and the demo. Mounted only with --dev.
import type { Hono } from 'hono';
import { routes } from '../../../api/routes.ts';
import type { DevProvider } from '../../delivery/providers/dev.ts';
import type { Env } from '../env.ts';
import { validate } from '../json-body.ts';

export function devRoutes(app: Hono<Env>, dev: DevProvider): void {
  app.get(routes.devOutbox.path, (c) => {
    const { to } = validate(routes.devOutbox.query, c.req.query());
    return c.json(dev.list(to));
  });
}
