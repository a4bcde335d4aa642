// Launches Debian Chromium with the built extension loaded (new headless mode runs extensions).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { chromiumFlags } from '../../helpers/chromium.ts';

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  /** A new page that runs `init` in its main world before any of its own scripts. */
  newPageWithInit(init: () => void): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh profile with the extension at `dir`; resolves once its service worker runs. */
export async function launchWithExtension(dir: string): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'regain-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...chromiumFlags, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    worker,
    async newPageWithInit(init) {
      const page = await context.newPage();
      await page.addInitScript(init);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
