// Development only: what the dev delivery provider "sent", for tests and the demo. Mounted only with --dev.
import { routes } from '../../../api/routes.ts';
import type { DevProvider } from '../../delivery/providers/dev.ts';
import type { Mount } from '../auth.ts';
import { validate } from '../json-body.ts';

export function devRoutes(mount: Mount, dev: DevProvider): void {
  mount('devOutbox', (c) => {
    const { to } = validate(routes.devOutbox.query, c.req.query());
    return c.json(dev.list(to));
  });
}
