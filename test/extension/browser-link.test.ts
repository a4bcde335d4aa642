// In Chromium: the help link on configured sign-in pages (plain and two-step), and no extension script elsewhere.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExtensionPolicy } from '../helpers/managed-policy.ts';
import {
  buttonNames,
  type ExtensionEnv,
  scriptsRegistered,
  startExtensionEnv,
  watchExtensionWorlds,
} from './support/setup.ts';

/** The extension API the language case reads inside the service worker (tests typecheck without chrome types). */
declare const chrome: { storage: { managed: { get(k: string): Promise<Record<string, unknown>> } } };

const policy = (demo: string, service: string): Record<string, unknown> => ({
  serviceUrl: service,
  signInPages: [
    { match: `${demo}/plain*`, successUrl: `${demo}/welcome*` },
    { match: `${demo}/spa*`, usernameSelector: '#username', passwordSelector: '#password' },
  ],
});

let env: ExtensionEnv;
beforeAll(async () => {
  env = await startExtensionEnv('link', policy);
});
afterAll(async () => {
  await env?.close();
});

/** Every file the service worker loads through static imports, starting at its loader. */
function workerGraph(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const code = readFileSync(join(dir, file), 'utf8');
    files.set(file, code);
    for (const m of code.matchAll(/(?:import|export)\s*(?:[^'"()]*?from\s*)?["']([^"']+)["']/g))
      visit(join(dirname(file), m[1]!));
  };
  visit(
    (
      JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        background: { service_worker: string };
      }
    ).background.service_worker,
  );
  return files;
}

describe('extension on sign-in pages', () => {
  it('builds a service worker with static imports only and nothing from msw', () => {
    const graph = workerGraph(env.ext.dir);
    expect(graph.size).toBeGreaterThan(1);
    for (const [file, code] of graph) {
      expect(code, file).not.toMatch(/\bimport\s*\(/);
      expect(code, file).not.toMatch(/msw|mockServiceWorker/);
    }
  });

  it('registers its script for exactly the configured pages', async () => {
    expect((await scriptsRegistered(env)).sort()).toEqual([`${env.demo.url}/plain*`, `${env.demo.url}/spa*`]);
  });

  it('adds the link after the password field on a configured page', async () => {
    const page = await env.b.context.newPage();
    const worlds = await watchExtensionWorlds(page, env.ext.id);
    await page.goto(`${env.demo.url}/plain`);
    await page.locator('regain-extension-link').waitFor();
    expect(await buttonNames(page)).toContain("Can't access your account?");
    expect(worlds.count()).toBeGreaterThan(0);
    // Right after the password field's label, in a closed shadow root the page can't open.
    expect(
      await page.evaluate(() => {
        const host = document.querySelector('regain-extension-link');
        return [host?.previousElementSibling?.querySelector('#password') !== null, host?.shadowRoot ?? null];
      }),
    ).toEqual([true, null]);
    await page.close();
  });

  it('re-attaches the link when a two-step page swaps the user-name step for the password step', async () => {
    const page = await env.b.context.newPage();
    await page.goto(`${env.demo.url}/spa?widget=0`);
    await page.locator('regain-extension-link').waitFor();
    const nextTo = () =>
      page.evaluate(() => {
        const prev = document.querySelector('regain-extension-link')?.previousElementSibling;
        return prev?.querySelector('input')?.id ?? prev?.id ?? null;
      });
    expect(await nextTo()).toBe('username');
    await page.locator('#username').fill('alice');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#password').waitFor();
    await expect.poll(nextTo).toBe('password');
    expect(await page.locator('regain-extension-link').count()).toBe(1);
    await page.getByRole('button', { name: 'Back' }).click();
    await expect.poll(nextTo).toBe('username');
    await page.close();
  });

  it('injects nothing into an unlisted page', async () => {
    const page = await env.b.context.newPage();
    const worlds = await watchExtensionWorlds(page, env.ext.id);
    await page.goto(`${env.demo.url}/unlisted`);
    await page.waitForLoadState('load');
    // Give a (wrongly) registered script time to run: document_idle comes after load.
    await page.waitForTimeout(500);
    expect(worlds.count()).toBe(0);
    expect(await page.locator('regain-extension-link').count()).toBe(0);
    await page.close();
  });

  it('shows policy values read-only on the options page, and the four actions in the popup', async () => {
    const options = await env.b.context.newPage();
    await options.goto(`chrome-extension://${env.ext.id}/extension/pages/options.html`);
    const service = options.getByLabel(/^Service URL/);
    await expect.poll(() => service.inputValue()).toBe(env.t.url);
    expect(await service.isDisabled()).toBe(true);
    expect(await options.getByLabel(/^Language/).isDisabled()).toBe(false);
    expect(await options.getByText('Set by your organization').count()).toBe(2);
    await options.close();

    const popup = await env.b.context.newPage();
    await popup.goto(`chrome-extension://${env.ext.id}/extension/pages/popup.html`);
    for (const name of ['Reset my password', 'Update my recovery info', 'Change my password'])
      await expect.poll(() => popup.getByRole('button', { name }).isEnabled()).toBe(true);
    await expect.poll(() => popup.getByRole('status').first().textContent()).toMatch(/Registration status/);
    await popup.close();
  });

  // Last: it changes the policy for the rest of this browser's life.
  it('speaks the language policy sets: locale "de" gives a German link', async () => {
    await writeExtensionPolicy('link', env.ext.id, { ...policy(env.demo.url, env.t.url), locale: 'de' });
    // Chromium re-reads platform policy on a timer; the button on chrome://policy does it now.
    const admin = await env.b.context.newPage();
    await admin.goto('chrome://policy');
    await expect
      .poll(
        async () => {
          await admin.getByRole('button', { name: 'Reload policies' }).click();
          return env.b.worker.evaluate(async () => (await chrome.storage.managed.get('locale')).locale);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('de');
    await admin.close();
    const page = await env.b.context.newPage();
    await page.goto(`${env.demo.url}/plain`);
    await page.locator('regain-extension-link').waitFor();
    expect(await buttonNames(page)).toContain('Sie können nicht auf Ihr Konto zugreifen?');
    await page.close();
  });
});
