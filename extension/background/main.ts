// The background service worker (Firefox: background script): policy, page matching, sign-in watches, prompts.
// Static imports only: MV3 service workers refuse import().
import browser from 'webextension-polyfill';
import contentScriptFile from '../content/sign-in-page.ts?iife';
import type { Effective } from '../lib/config.ts';
import { effectiveConfig } from '../lib/config.ts';
import { watchConfig } from '../lib/config-store.ts';
import { acceptMessage } from '../lib/messages.ts';
import { openPromptCache, type PromptCache } from '../lib/prompt-cache.ts';
import { entryPrompted, promptDue } from '../lib/prompt-rules.ts';
import { SuccessWatch, type WatchState } from '../lib/success-watch.ts';
import { usernameKey } from '../lib/username.ts';
import { isFirefox } from '../quirks/firefox.ts';
import { contentScriptSync } from './content-scripts.ts';
import { type Launch, Launches } from './launches.ts';
import { route, ruleFor } from './router.ts';

const baseUrl = browser.runtime.getURL('');
const firefox = isFirefox(baseUrl);
const now = () => Date.now();

let effective: Effective = effectiveConfig({}, {});
/** Resolves once the first configuration read finished: messages wait for it rather than see defaults. */
let ready: (v?: unknown) => void;
const configRead = new Promise((r) => {
  ready = r;
});

const sync = contentScriptSync(browser.scripting, contentScriptFile, firefox);
watchConfig(browser.storage, async (e) => {
  effective = e;
  ready();
  await sync(e.config).catch((err: unknown) => console.error('regain: content script sync failed', err));
});
// Start-up and install re-register from the configuration of the day (scripts don't persist across sessions).
browser.runtime.onInstalled.addListener(() => void configRead.then(() => sync(effective.config)));
browser.runtime.onStartup.addListener(() => void configRead.then(() => sync(effective.config)));

let cachePromise: Promise<PromptCache> | undefined;
const cache = () => {
  cachePromise ??= openPromptCache();
  return cachePromise;
};

// Watches and launches live in storage.session, so a worker stopped between submit and redirect still knows.
const session = browser.storage.session;
const restored = session
  .get(['watch', 'launches'])
  .then((r) => r as { watch?: WatchState; launches?: Launch[] })
  .catch(() => ({}) as { watch?: WatchState; launches?: Launch[] });
const state = restored.then((r) => {
  const watch = new SuccessWatch(now, r.watch ?? {});
  const launches = new Launches(
    {
      flowUrl: browser.runtime.getURL('extension/pages/flow.html'),
      async createWindow(url) {
        const w = await browser.windows.create({
          url,
          type: 'popup',
          width: 460,
          height: 680,
          focused: true,
        });
        const tabId = w.tabs?.[0]?.id;
        if (w.id === undefined || tabId === undefined) throw new Error('window without a tab');
        return { windowId: w.id, tabId };
      },
      async removeWindow(id) {
        await browser.windows.remove(id).catch(() => undefined);
      },
      async tellContent(tabId, frameId, type) {
        await browser.tabs.sendMessage(tabId, { type }, { frameId }).catch(() => undefined);
      },
      save: (claimed) => session.set({ launches: claimed }),
    },
    r.launches ?? [],
  );
  return { watch, launches, saveWatch: () => session.set({ watch: watch.state }) };
});

browser.runtime.onMessage.addListener((msg: unknown, sender: browser.Runtime.MessageSender) => {
  const accepted = acceptMessage(msg, sender, {
    extensionId: browser.runtime.id,
    extensionUrl: baseUrl,
    isSignInPage: (url) => ruleFor(effective, url) !== undefined,
  });
  // Unaccepted messages get no answer at all (undefined keeps other listeners' answers possible).
  if (!accepted) return undefined;
  return configRead.then(async () => {
    const s = await state;
    return route(accepted, { config: () => effective, cache, now, ...s });
  });
});

/** After a successful sign-in: prompt when the cache says it's due (the flow page then asks the server). */
async function signedIn(username: string): Promise<void> {
  if (!effective.config.registrationPrompt || !effective.config.serviceUrl) return;
  const key = usernameKey(username);
  if (!key) return;
  const c = await cache();
  const entry = await c.get(key);
  if (!promptDue(entry, now())) return;
  await c.put(entryPrompted(key, entry, now()));
  const s = await state;
  await s.launches.openWindow('prompt', username);
}

browser.tabs.onUpdated.addListener((tabId, info) => {
  if (!info.url) return;
  const url = info.url;
  void state
    .then(async (s) => {
      const username = s.watch.navigated(tabId, url);
      if (username === undefined) return;
      await s.saveWatch();
      await signedIn(username);
    })
    .catch((err: unknown) => console.error('regain: prompt after sign-in failed', err));
});

browser.tabs.onRemoved.addListener((tabId) => {
  void state.then(async (s) => {
    s.watch.closed(tabId);
    s.launches.forgetTab(tabId);
    await s.saveWatch();
  });
});
