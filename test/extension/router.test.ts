// The background's routing of accepted messages: page rules (Firefox's port re-check), watches, launches, cache.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { type LaunchDeps, Launches } from '../../extension/background/launches.ts';
import { type RouterDeps, route, ruleFor } from '../../extension/background/router.ts';
import { effectiveConfig } from '../../extension/lib/config.ts';
import { openPromptCache } from '../../extension/lib/prompt-cache.ts';
import { SuccessWatch } from '../../extension/lib/success-watch.ts';
import { statusText } from '../../extension/pages/status-text.ts';

const policy = {
  serviceUrl: 'https://reset.contoso.com',
  signInPages: [
    {
      match: 'http://127.0.0.1:4000/plain*',
      successUrl: 'http://127.0.0.1:4000/welcome*',
      anchorSelector: '#x',
    },
  ],
  locale: 'fr',
};

async function deps(p: Record<string, unknown> = policy) {
  const opened: string[] = [];
  const d: LaunchDeps = {
    flowUrl: 'chrome-extension://x/extension/pages/flow.html',
    async createWindow() {
      opened.push('window');
      return { windowId: 1, tabId: 50 };
    },
    async removeWindow() {},
    async tellContent(tabId, _f, type) {
      opened.push(`${type}@${tabId}`);
    },
  };
  const t = 5_000;
  const cache = await openPromptCache(`router-${Math.random()}`, () => t);
  const r: RouterDeps = {
    config: () => effectiveConfig(p, {}),
    launches: new Launches(d),
    watch: new SuccessWatch(() => t),
    saveWatch: async () => undefined,
    cache: async () => cache,
    now: () => t,
  };
  return { r, opened, cache };
}

const from = (url: string) => ({ tabId: 3, frameId: 0, url });

describe('route', () => {
  it('re-checks the full pattern, ports included (Firefox registers it without the port)', async () => {
    const e = effectiveConfig(policy, {});
    expect(ruleFor(e, 'http://127.0.0.1:4000/plain')).toBeDefined();
    expect(ruleFor(e, 'http://127.0.0.1:4001/plain')).toBeUndefined();
    const { r } = await deps();
    expect(
      await route(
        { from: 'content', msg: { type: 'content:hello' }, ...from('http://127.0.0.1:4001/plain') },
        r,
      ),
    ).toBe(null);
    expect(
      await route(
        { from: 'content', msg: { type: 'content:hello' }, ...from('http://127.0.0.1:4000/plain') },
        r,
      ),
    ).toEqual({ anchorSelector: '#x', locale: 'fr' });
  });

  it('watches a submission only when the prompt is on, and only for a non-empty name', async () => {
    const on = await deps();
    const url = 'http://127.0.0.1:4000/plain';
    await route({ from: 'content', msg: { type: 'content:submit', username: '  ' }, ...from(url) }, on.r);
    expect(on.r.watch.state).toEqual({});
    await route(
      { from: 'content', msg: { type: 'content:submit', username: ' carol ' }, ...from(url) },
      on.r,
    );
    expect(on.r.watch.state[3]).toMatchObject({
      username: 'carol',
      successUrl: 'http://127.0.0.1:4000/welcome*',
    });
    const off = await deps({ ...policy, registrationPrompt: false });
    await route({ from: 'content', msg: { type: 'content:submit', username: 'carol' }, ...from(url) }, off.r);
    expect(off.r.watch.state).toEqual({});
  });

  it('opens the help flow in a window, or over the page when policy asks for the overlay', async () => {
    const url = 'http://127.0.0.1:4000/plain';
    const w = await deps();
    await route({ from: 'content', msg: { type: 'content:help', username: 'bob' }, ...from(url) }, w.r);
    expect(w.opened).toEqual(['window']);
    const o = await deps({ ...policy, surface: 'overlay' });
    await route({ from: 'content', msg: { type: 'content:help', username: 'bob' }, ...from(url) }, o.r);
    expect(o.opened).toEqual(['bg:overlay-open@3']);
  });

  it('hands the launch to its page once, and takes the status only with that launch nonce', async () => {
    const { r, cache } = await deps();
    await route(
      {
        from: 'page',
        msg: { type: 'page:open', flow: 'prompt', username: 'carol' },
        tabId: undefined,
        url: 'x',
      },
      r,
    );
    const claim = (await route({ from: 'page', msg: { type: 'page:claim' }, tabId: 50, url: 'x' }, r)) as {
      nonce: string;
      flow: string;
      serviceUrl: string;
    };
    expect(claim).toMatchObject({
      flow: 'prompt',
      username: 'carol',
      serviceUrl: 'https://reset.contoso.com',
    });
    expect(await route({ from: 'page', msg: { type: 'page:claim' }, tabId: 50, url: 'x' }, r)).toBe(null);
    const status = { prompt: 'none', snoozedUntil: null } as const;
    const wrong = 'A'.repeat(32);
    await route(
      {
        from: 'page',
        msg: { type: 'page:status', nonce: wrong, username: 'carol', status },
        tabId: 50,
        url: 'x',
      },
      r,
    );
    expect(await cache.get('carol')).toBe(undefined);
    await route(
      {
        from: 'page',
        msg: { type: 'page:status', nonce: claim.nonce, username: 'Carol', status },
        tabId: 50,
        url: 'x',
      },
      r,
    );
    expect(await cache.get('carol')).toMatchObject({ confirmedAt: 5_000 });
    expect(statusText((await cache.latest()) ?? null, 6_000)).toMatch(/^carol: recovery info up to date/);
  });

  it('opens nothing while no service is configured', async () => {
    const { r, opened } = await deps({});
    await route(
      { from: 'page', msg: { type: 'page:open', flow: 'reset', username: '' }, tabId: undefined, url: 'x' },
      r,
    );
    expect(opened).toEqual([]);
    expect(
      ruleFor(effectiveConfig({ signInPages: policy.signInPages }, {}), 'http://127.0.0.1:4000/plain'),
    ).toBe(undefined);
  });
});
