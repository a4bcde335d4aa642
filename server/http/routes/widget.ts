// GET /widget/*: the built widget (dist/widget/) with public CORS (set in cors.ts), immutable caching for hashed names.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { ProblemError } from '../../problem.ts';
import type { Env } from '../env.ts';

const defaultDir = fileURLToPath(new URL('../../../dist/widget/', import.meta.url));
const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
};
/** Names the build content-hashes (`reset-B4Q2I53D.js`): they never change, so browsers may keep them for a year. */
const hashed = /-[A-Z0-9]{8}\.(js|css)$/;
const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Serves the widget bundle; `dir` defaults to dist/widget/ (REGAIN_WIDGET_DIR overrides it). */
export function widgetRoutes(app: Hono<Env>, dir = process.env.REGAIN_WIDGET_DIR ?? defaultDir): void {
  app.get('/widget/:file', async (c) => {
    const name = c.req.param('file');
    const type = types[name.slice(name.lastIndexOf('.') + 1)];
    if (!safeName.test(name) || name.includes('..') || !type) throw new ProblemError(404, 'not_found');
    let body: Buffer;
    try {
      body = await readFile(join(dir, name));
    } catch {
      throw new ProblemError(404, 'not_found');
    }
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': type,
      'Cache-Control': hashed.test(name) ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    });
  });
}
