// Launches Debian Chromium the way a managed desktop runs it: extensions on, policy downloads allowed, DNS loopback-only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumFlags } from './chromium.ts';

export interface ManagedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Playwright's defaults include --disable-extensions and --disable-background-networking; the second also stops
 * the extension updater, so an ExtensionInstallForcelist entry is never fetched. With background networking back
 * on, the host resolver answers NOTFOUND for every name but loopback, so Chromium's own services dial nowhere.
 */
export async function launchManagedChromium(extraArgs: string[] = []): Promise<ManagedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'regain-managed-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
    args: [
      ...chromiumFlags.filter((f) => f !== '--disable-background-networking'),
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ...extraArgs,
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium reads an extension's `3rdparty` policy only for extensions whose schema it knows, and a force-installed
 * extension's schema arrives after start-up; platform policy is then re-read only on a timer or at restart. The
 * "Reload policies" button on chrome://policy is what a helpdesk would press instead of waiting: pressed until
 * the page lists `policyName` for the extension (a press before the install settles changes nothing).
 */
export async function reloadPoliciesUntil(
  context: BrowserContext,
  policyName: string,
  timeoutMs = 45_000,
): Promise<void> {
  const page: Page = await context.newPage();
  await page.goto('chrome://policy');
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      await page.getByRole('button', { name: 'Reload policies' }).click();
      const shown = await page
        .getByText(policyName, { exact: true })
        .first()
        .waitFor({ timeout: 2000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) return;
      if (Date.now() > deadline) throw new Error(`chrome://policy never listed ${policyName}`);
    }
  } finally {
    await page.close();
  }
}

/** Counts the isolated worlds an extension creates in a page (content scripts), through the DevTools protocol. */
export async function countExtensionWorlds(page: Page, extensionId?: string): Promise<{ count(): number }> {
  const cdp = await page.context().newCDPSession(page);
  let n = 0;
  cdp.on('Runtime.executionContextCreated', (e) => {
    const c = e.context as { origin?: string; auxData?: { type?: string } };
    const prefix = extensionId ? `chrome-extension://${extensionId}` : 'chrome-extension://';
    if (c.auxData?.type === 'isolated' && c.origin?.startsWith(prefix)) n++;
  });
  await cdp.send('Runtime.enable');
  return { count: () => n };
}

/**
 * Accessible names in the page as assistive technology sees them, closed shadow roots included (the extension
 * keeps its link in one, out of reach of page scripts and of Playwright's DOM locators alike).
 */
export async function accessibleNames(page: Page): Promise<{ role: string; name: string }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { role?: { value?: string }; name?: { value?: string }; ignored?: boolean }[];
    };
    return nodes
      .filter((n) => !n.ignored && n.name?.value)
      .map((n) => ({ role: String(n.role?.value ?? ''), name: String(n.name?.value) }));
  } finally {
    await cdp.detach();
  }
}
