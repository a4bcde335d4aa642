// Configuration precedence (managed > options > defaults), sanitizing, and managed values that arrive late.
import { describe, expect, it } from 'vitest';
import type { Effective } from '../../extension/lib/config.ts';
import { allSignInPages, defaults, effectiveConfig, sanitize } from '../../extension/lib/config.ts';
import { OPTIONS_KEY, type StorageLike, watchConfig } from '../../extension/lib/config-store.ts';

type Listener = (changes: Record<string, unknown>, area: string) => void;

/** A storage fake: managed rejects like Firefox without policy until `setManaged` is called. */
function fakeStorage(local: Record<string, unknown> = {}) {
  let managed: Record<string, unknown> | undefined;
  const listeners = new Set<Listener>();
  const s: StorageLike = {
    managed: {
      get: async () => (managed ? structuredClone(managed) : Promise.reject(new Error('no policy'))),
    },
    local: { get: async (k) => (k in local ? { [k]: structuredClone(local[k]) } : {}) },
    onChanged: { addListener: (fn) => listeners.add(fn), removeListener: (fn) => listeners.delete(fn) },
  };
  return {
    s,
    setManaged(v: Record<string, unknown>) {
      managed = v;
      for (const fn of listeners) fn(Object.fromEntries(Object.keys(v).map((k) => [k, {}])), 'managed');
    },
    setLocal(v: Record<string, unknown>) {
      local[OPTIONS_KEY] = v;
      for (const fn of listeners) fn({ [OPTIONS_KEY]: {} }, 'local');
    },
    listeners,
  };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
};

describe('effectiveConfig', () => {
  it('takes managed over options over defaults, key by key, and marks managed keys', () => {
    const e = effectiveConfig(
      { serviceUrl: 'https://reset.contoso.com', surface: 'overlay' },
      { serviceUrl: 'https://evil.example', locale: 'fr', registrationPrompt: false },
    );
    expect(e.config).toEqual({
      ...defaults,
      serviceUrl: 'https://reset.contoso.com',
      surface: 'overlay',
      locale: 'fr',
      registrationPrompt: false,
    });
    expect(e.managedKeys.sort()).toEqual(['serviceUrl', 'surface']);
  });

  it('lets a managed sign-in page list replace the user list rather than extend it', () => {
    const e = effectiveConfig(
      { signInPages: [{ match: 'https://login.contoso.com/*' }] },
      { signInPages: [{ match: 'https://*/*' }] },
    );
    expect(e.config.signInPages).toEqual([{ match: 'https://login.contoso.com/*' }]);
  });

  it('drops ill-typed values so the next source applies', () => {
    expect(
      sanitize({
        serviceUrl: 'javascript:alert(1)',
        surface: 'fullscreen',
        registrationPrompt: 'yes',
        presets: ['okta', 'unknown'],
        signInPages: [{ match: 'https://a.example/*', successUrl: 5, extra: 1 }, { nomatch: true }, 'x'],
        branding: { name: 'Contoso', accent: 'red; background:url(x)' },
        locale: 'en_US',
      }),
    ).toEqual({
      presets: ['okta'],
      signInPages: [{ match: 'https://a.example/*' }],
      branding: { name: 'Contoso' },
    });
    expect(effectiveConfig({ surface: 'fullscreen' }, { surface: 'overlay' }).config.surface).toBe('overlay');
    expect(sanitize({ serviceUrl: 'https://reset.contoso.com/some/path' }).serviceUrl).toBe(
      'https://reset.contoso.com',
    );
    expect(sanitize(null)).toEqual({});
    expect(sanitize([1])).toEqual({});
  });

  it('expands presets into built-in page rules after the explicit pages', () => {
    const pages = allSignInPages({
      ...defaults,
      signInPages: [{ match: 'https://login.contoso.com/*' }],
      presets: ['microsoft-entra', 'keycloak'],
    });
    expect(pages[0]).toEqual({ match: 'https://login.contoso.com/*' });
    expect(pages.map((p) => p.match)).toContain('https://login.microsoftonline.com/*');
    expect(pages.some((p) => p.match.includes('/realms/'))).toBe(true);
  });
});

describe('watchConfig', () => {
  it('does not wait for a managed storage that is slow to answer, and applies its late answer', async () => {
    let answer: (v: Record<string, unknown>) => void = () => undefined;
    const f = fakeStorage({ [OPTIONS_KEY]: { serviceUrl: 'https://user-choice.example' } });
    const slow: StorageLike = {
      ...f.s,
      managed: { get: () => new Promise((resolve) => (answer = resolve)) },
    };
    const seen: Effective[] = [];
    watchConfig(slow, (e) => void seen.push(e), { managedWaitMs: 20 });
    await until(() => seen.length === 1);
    expect(seen[0]?.config.serviceUrl).toBe('https://user-choice.example');
    expect(seen[0]?.managedKeys).toEqual([]);
    // The next read would wait again; the first, late answer already triggers a fresh read.
    slow.managed.get = async () => ({ serviceUrl: 'https://reset.contoso.com' });
    answer({ serviceUrl: 'https://reset.contoso.com' });
    await until(() => seen.length === 2);
    expect(seen[1]?.config.serviceUrl).toBe('https://reset.contoso.com');
    expect(seen[1]?.managedKeys).toEqual(['serviceUrl']);
  });

  it('treats a rejected managed.get() as no policy, then applies managed values that arrive later', async () => {
    const f = fakeStorage({ [OPTIONS_KEY]: { serviceUrl: 'https://user-choice.example', locale: 'de' } });
    const seen: Effective[] = [];
    const stop = watchConfig(f.s, (e) => {
      seen.push(e);
    });
    await until(() => seen.length === 1);
    expect(seen[0]?.config.serviceUrl).toBe('https://user-choice.example');
    expect(seen[0]?.managedKeys).toEqual([]);

    f.setManaged({
      serviceUrl: 'https://reset.contoso.com',
      signInPages: [{ match: 'https://login.contoso.com/*' }],
    });
    await until(() => seen.length === 2);
    expect(seen[1]?.config.serviceUrl).toBe('https://reset.contoso.com');
    expect(seen[1]?.config.locale).toBe('de');
    expect(seen[1]?.managedKeys.sort()).toEqual(['serviceUrl', 'signInPages']);

    // The user's own change still applies to keys the policy leaves open.
    f.setLocal({ serviceUrl: 'https://ignored.example', locale: 'fr' });
    await until(() => seen.length === 3);
    expect(seen[2]?.config.serviceUrl).toBe('https://reset.contoso.com');
    expect(seen[2]?.config.locale).toBe('fr');

    stop();
    expect(f.listeners.size).toBe(0);
  });

  it('ignores unrelated storage changes', async () => {
    const f = fakeStorage();
    let calls = 0;
    watchConfig(f.s, () => {
      calls++;
    });
    await until(() => calls === 1);
    for (const fn of f.listeners) fn({ somethingElse: {} }, 'local');
    for (const fn of f.listeners) fn({ watch: {} }, 'session');
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toBe(1);
  });
});
