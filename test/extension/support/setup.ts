// One browser-test environment: the built extension, the real service and demo site, policy, and Chromium.
import type { CDPSession, Page } from 'playwright-core';
import { startDemoFor } from '../../helpers/demo.ts';
import {
  removeManagedPolicies,
  waitForForeignPolicies,
  writeExtensionPolicy,
} from '../../helpers/managed-policy.ts';
import { startService, type TestService } from '../../helpers/service.ts';
import { type BuiltExtension, buildExtension } from './build.ts';
import { type ExtensionBrowser, launchWithExtension } from './chromium.ts';

/** The one extension API these helpers call inside the service worker (tests typecheck without chrome types). */
declare const chrome: { scripting: { getRegisteredContentScripts(): Promise<{ matches?: string[] }[]> } };

export interface ExtensionEnv {
  ext: BuiltExtension;
  t: TestService;
  demo: { url: string; close(): Promise<void> };
  b: ExtensionBrowser;
  close(): Promise<void>;
}

/**
 * Builds the extension, starts the service (allowing the extension's origin) and the demo, writes the
 * policy `policy(demoUrl, serviceUrl)` for the extension, then launches Chromium, which reads it at start.
 */
export async function startExtensionEnv(
  name: string,
  policy: (demo: string, service: string) => Record<string, unknown>,
): Promise<ExtensionEnv> {
  await removeManagedPolicies('core');
  await waitForForeignPolicies('core');
  const ext = await buildExtension();
  const t = await startService('pglite', { config: { corsOrigins: [`chrome-extension://${ext.id}`] } });
  const demo = await startDemoFor(t);
  await writeExtensionPolicy(name, ext.id, policy(demo.url, t.url));
  const b = await launchWithExtension(ext.dir);
  return {
    ext,
    t,
    demo,
    b,
    close: async () => {
      await b.close();
      await demo.close();
      await t.close();
      await removeManagedPolicies('core');
    },
  };
}

/** Waits until the background registered its content script (policy read, sync done). */
export async function scriptsRegistered(env: ExtensionEnv): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const matches = await env.b.worker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []),
    );
    if (matches.length) return matches;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('content script never registered');
}

/** Counts the isolated worlds extensions create in a page, through the DevTools protocol. */
export async function watchExtensionWorlds(page: Page, extensionId: string): Promise<{ count(): number }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let n = 0;
  cdp.on('Runtime.executionContextCreated', (e) => {
    const c = e.context as { origin?: string; auxData?: { type?: string } };
    if (c.auxData?.type === 'isolated' && c.origin?.startsWith(`chrome-extension://${extensionId}`)) n++;
  });
  await cdp.send('Runtime.enable');
  return { count: () => n };
}

/** Waits for a flow window that wasn't open when this was called (polled: its URL commits after `page`). */
export function nextFlowWindow(env: ExtensionEnv): Promise<Page> {
  const ctx = env.b.context;
  const prefix = `chrome-extension://${env.ext.id}/extension/pages/flow.html`;
  const before = new Set(ctx.pages());
  return (async () => {
    for (let i = 0; i < 150; i++) {
      const p = ctx.pages().find((x) => !before.has(x) && x.url().startsWith(prefix));
      if (p) {
        await p.waitForLoadState('domcontentloaded');
        return p;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no flow window opened; pages: ${ctx.pages().map((x) => x.url())}`);
  })();
}

/** Accessible names of buttons in the page, closed shadow roots included (what a screen reader announces). */
export async function buttonNames(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { role?: { value?: string }; name?: { value?: string } }[];
  };
  await cdp.detach();
  return nodes.filter((n) => n.role?.value === 'button').map((n) => String(n.name?.value ?? ''));
}

/** Clicks the extension's help link as a user would (its shadow root is closed to the page and to locators). */
export async function clickHelpLink(page: Page): Promise<void> {
  await page.locator('regain-extension-link').click({ position: { x: 8, y: 8 } });
}
