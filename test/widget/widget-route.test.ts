// GET /widget/*: the built bundle served by the real service with public CORS, content types, caching and SRI.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, type WidgetManifest } from '../../widget/build/build-widget.ts';
import { startService, type TestService } from '../helpers/service.ts';

let t: TestService;
let built: WidgetManifest;

beforeAll(async () => {
  built = await buildWidget();
  t = await startService();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /widget/*', () => {
  it('serves regain.js publicly, cached briefly', async () => {
    const res = await fetch(`${t.url}/widget/regain.js`, {
      headers: { Origin: 'https://elsewhere.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves hashed chunks as immutable, matching the SRI hashes of the manifest', async () => {
    const manifest = (await (await fetch(`${t.url}/widget/manifest.json`)).json()) as WidgetManifest;
    expect(manifest).toEqual(built);
    const chunk = manifest.entries.reset!;
    const res = await fetch(`${t.url}/widget/${chunk}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await res.arrayBuffer());
    expect(`sha384-${createHash('sha384').update(body).digest('base64')}`).toBe(
      manifest.files[chunk]?.integrity,
    );
  });

  it('answers a 404 problem for missing or unsafe names, with CORS', async () => {
    for (const path of [
      '/widget/nope.js',
      '/widget/..%2Fpackage.json',
      '/widget/regain.ts',
      '/widget/.env',
    ]) {
      const res = await fetch(t.url + path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()).code).toBe('not_found');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});
