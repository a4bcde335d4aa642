// GET /admin/…: the admin console's page, one shell for every console route (preact-iso draws the route), with the
// console's script from the widget build and a CSP of 'self'; unknown /admin/api/ paths stay problem+json 404s.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { ProblemError } from '../../problem.ts';
import type { Env } from '../env.ts';
import { portalCsp } from './portal.ts';

const defaultDir = fileURLToPath(new URL('../../../dist/widget/', import.meta.url));

/** The console's file name from the build's manifest, or null when the widget was not built. */
async function consoleScript(dir: string): Promise<string | null> {
  try {
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      entries?: { console?: string };
    };
    return m.entries?.console ?? null;
  } catch {
    return null;
  }
}

export function consolePageRoutes(app: Hono<Env>, dir = process.env.REGAIN_WIDGET_DIR ?? defaultDir): void {
  app.get('/admin', (c) => c.redirect('/admin/', 301));
  app.get('/admin/*', async (c) => {
    if (c.req.path.startsWith('/admin/api/')) throw new ProblemError(404, 'not_found');
    const script = await consoleScript(dir);
    if (!script)
      throw new ProblemError(503, 'unavailable', { detail: 'the console is not built: npm run build' });
    c.header('Content-Security-Policy', portalCsp);
    c.header('Cache-Control', 'no-store');
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>Regain console</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/palette.css" />
    <script type="module" src="/widget/${script}"></script>
  </head>
  <body>
    <div id="console"></div>
    <noscript>The Regain console needs JavaScript.</noscript>
  </body>
</html>`);
  });
}
