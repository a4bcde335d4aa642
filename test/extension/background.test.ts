// The background's pieces without a browser: match patterns, the serialized content-script sync, one-time launches.
import { describe, expect, it } from 'vitest';
import { contentScriptSync, patternsFor } from '../../extension/background/content-scripts.ts';
import { type LaunchDeps, Launches } from '../../extension/background/launches.ts';
import { defaults } from '../../extension/lib/config.ts';
import { matchesAny, parseMatchPattern } from '../../extension/lib/match-pattern.ts';
import { registrablePattern } from '../../extension/quirks/firefox.ts';

describe('match patterns', () => {
  it('match like the browser: host wildcards, ports, paths and queries', () => {
    const p = (s: string) => parseMatchPattern(s)!;
    expect(p('https://*.contoso.com/*').test('https://login.contoso.com/x')).toBe(true);
    expect(p('https://*.contoso.com/*').test('https://contoso.com/')).toBe(true);
    expect(p('https://*.contoso.com/*').test('https://contoso.com.evil.example/')).toBe(false);
    expect(p('http://127.0.0.1:4000/plain*').test('http://127.0.0.1:4000/plain?x=1')).toBe(true);
    expect(p('http://127.0.0.1:4000/plain*').test('http://127.0.0.1:4001/plain')).toBe(false);
    expect(p('http://127.0.0.1:4000/plain*').test('http://127.0.0.1:4000/unlisted')).toBe(false);
    expect(p('https://login.contoso.com/*').test('http://login.contoso.com/')).toBe(false);
    expect(parseMatchPattern('https://login.*.com/*')).toBe(undefined);
    expect(parseMatchPattern('ftp://x/*')).toBe(undefined);
    expect(matchesAny(['nonsense', 'https://a.example/*'], 'https://a.example/b')).toBe(true);
  });

  it('lose their port on Firefox only', () => {
    expect(registrablePattern('http://127.0.0.1:4000/plain*', true)).toBe('http://127.0.0.1/plain*');
    expect(registrablePattern('http://127.0.0.1:4000/plain*', false)).toBe('http://127.0.0.1:4000/plain*');
    expect(registrablePattern('https://*.okta.com/*', true)).toBe('https://*.okta.com/*');
  });
});

describe('syncContentScripts', () => {
  const config = { ...defaults, serviceUrl: 'https://reset.contoso.com' };

  it('registers nothing without a service or with only invalid or all-URL patterns', () => {
    expect(
      patternsFor({ ...defaults, signInPages: [{ match: 'https://login.contoso.com/*' }] }, false),
    ).toEqual([]);
    expect(
      patternsFor({ ...config, signInPages: [{ match: '<all_urls>' }, { match: 'bad' }] }, false),
    ).toEqual([]);
  });

  it('unregisters everything, then registers the configured pages in all frames, one sync at a time', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let first = true;
    const sync = contentScriptSync(
      {
        async unregisterContentScripts() {
          log.push('unregister');
          if (first) {
            first = false;
            await gate;
          }
        },
        async registerContentScripts(scripts) {
          const s = scripts[0]!;
          log.push(
            `register ${s.matches.join(' ')} allFrames=${s.allFrames} persist=${s.persistAcrossSessions}`,
          );
        },
      },
      'extension/content/sign-in-page.js',
      false,
    );
    const a = sync({ ...config, signInPages: [{ match: 'https://a.contoso.com/*' }] });
    const b = sync({ ...config, signInPages: [{ match: 'https://b.contoso.com/*' }], presets: ['google'] });
    await new Promise((r) => setTimeout(r, 5));
    // The second sync waits for the first to finish, so their calls never interleave.
    expect(log).toEqual(['unregister']);
    release();
    await Promise.all([a, b]);
    expect(log).toEqual([
      'unregister',
      'register https://a.contoso.com/* allFrames=true persist=false',
      'unregister',
      'register https://b.contoso.com/* https://accounts.google.com/* allFrames=true persist=false',
    ]);
  });

  it('keeps going after a failed sync', async () => {
    let n = 0;
    const sync = contentScriptSync(
      {
        async unregisterContentScripts() {
          if (n++ === 0) throw new Error('boom');
        },
        async registerContentScripts() {},
      },
      'x.js',
      true,
    );
    await expect(sync(config)).rejects.toThrow('boom');
    await expect(sync(config)).resolves.toBe(undefined);
  });
});

describe('Launches', () => {
  function deps() {
    const calls: string[] = [];
    let nextTab = 100;
    const d: LaunchDeps = {
      flowUrl: 'chrome-extension://x/extension/pages/flow.html',
      async createWindow() {
        const tabId = nextTab++;
        calls.push(`window ${tabId}`);
        return { windowId: tabId + 1000, tabId };
      },
      async removeWindow(id) {
        calls.push(`remove ${id}`);
      },
      async tellContent(tabId, frameId, type) {
        calls.push(`${type} ${tabId}/${frameId}`);
      },
    };
    return { d, calls };
  }

  it('hands a window its launch once, and the nonce works only from that tab', async () => {
    const { d, calls } = deps();
    const l = new Launches(d);
    await l.openWindow('reset', 'alice');
    const got = await l.claim(100);
    expect(got).toMatchObject({ flow: 'reset', username: 'alice', surface: 'window', tabId: 100 });
    expect(got?.nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await l.claim(100)).toBe(undefined);
    expect(await l.claim(undefined)).toBe(undefined);
    expect(l.byNonce(got!.nonce, 101)).toBe(undefined);
    await l.close(got!.nonce, 101);
    expect(calls).toEqual(['window 100']);
    await l.close(got!.nonce, 100);
    expect(calls).toEqual(['window 100', 'remove 1100']);
    expect(l.byNonce(got!.nonce, 100)).toBe(undefined);
  });

  it('opens an overlay through the frame that asked and closes it the same way', async () => {
    const { d, calls } = deps();
    const l = new Launches(d);
    await l.openOverlay('reset', 'bob', 7, 3);
    const got = await l.claim(7);
    expect(got).toMatchObject({ surface: 'overlay', tabId: 7, frameId: 3 });
    await l.close(got!.nonce, 7);
    expect(calls).toEqual(['bg:overlay-open 7/3', 'bg:overlay-close 7/3']);
  });

  it('persists claimed launches and restores them', async () => {
    const { d } = deps();
    let saved: unknown[] = [];
    const l = new Launches({
      ...d,
      save: async (c) => {
        saved = c;
      },
    });
    await l.openWindow('prompt', 'carol');
    const got = await l.claim(100);
    expect(saved).toHaveLength(1);
    const again = new Launches(d, JSON.parse(JSON.stringify(saved)));
    expect(again.byNonce(got!.nonce, 100)?.username).toBe('carol');
  });
});
