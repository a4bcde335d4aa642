// The service accepts the extension's origin in REGAIN_CORS_ORIGINS and answers its pages with CORS headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, resolveConfig } from '../../server/config.ts';
import { startService, type TestService } from '../helpers/service.ts';

const origin = 'chrome-extension://oaecbbcooidcgchpnoepbldibehgncem';

describe('extension origins in the CORS allowlist', () => {
  it('accepts Chromium and Firefox extension origins and refuses malformed ones', () => {
    const firefox = 'moz-extension://0b9a1a9e-3c0f-4d2a-9a59-2f5c1c1f6e7d';
    expect(
      resolveConfig([configFromEnv({ REGAIN_CORS_ORIGINS: `${origin},${firefox}` })]).corsOrigins,
    ).toEqual([origin, firefox]);
    for (const bad of [
      'chrome-extension://ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP',
      'chrome-extension://oaecbbcooidcgchpnoepbldibehgncez',
      `${origin}/`,
      `${origin}/extension/pages/flow.html`,
      'moz-extension://not-a-uuid',
    ])
      expect(() => resolveConfig([configFromEnv({ REGAIN_CORS_ORIGINS: bad })])).toThrow(/corsOrigins/);
  });

  let t: TestService;
  beforeAll(async () => {
    t = await startService('pglite', { config: { corsOrigins: [origin] } });
  });
  afterAll(() => t?.close());

  it('answers the listed extension origin, preflight included, and not another extension', async () => {
    const ok = await t.api.get('/v1/config', { headers: { origin } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    const pre = await fetch(`${t.url}/v1/registration/session`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    const other = await t.api.get('/v1/config', {
      headers: { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBe(null);
  });
});
