// In Chromium, against the real service and demo site: a reset through the extension's flow window, and carol's
// registration prompt after sign-in (prompted, snoozed, prompted again, registered).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../server/seed-demo.ts';
import { codeFor, setPolicy } from '../helpers/service.ts';
import {
  clickHelpLink,
  type ExtensionEnv,
  nextFlowWindow,
  scriptsRegistered,
  startExtensionEnv,
} from './support/setup.ts';

let env: ExtensionEnv;
beforeAll(async () => {
  env = await startExtensionEnv('flows', (demo, service) => ({
    serviceUrl: service,
    signInPages: [{ match: `${demo}/plain*`, successUrl: `${demo}/welcome*` }],
    registrationPrompt: true,
  }));
  await scriptsRegistered(env);
});
afterAll(async () => {
  await env?.close();
});

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${env.demo.url}/plain`);
  await page.locator('regain-extension-link').waitFor();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/welcome$/);
}

describe('flows in extension pages', () => {
  it('bob resets his password in the flow window with a code from the outbox, then signs in with it', async () => {
    const page = await env.b.context.newPage();
    await page.goto(`${env.demo.url}/plain`);
    await page.locator('regain-extension-link').waitFor();
    await page.locator('#username').fill('bob');
    const opened = nextFlowWindow(env);
    await clickHelpLink(page);
    const flow = await opened;
    // The user name came through the background, not the URL.
    expect(new URL(flow.url()).search).toBe('');
    await expect.poll(() => flow.getByLabel('User name').inputValue()).toBe('bob');
    await flow.getByRole('button', { name: 'Next' }).click();
    await flow.getByRole('button', { name: /^Email a code to/ }).click();
    await flow.getByLabel(/^Code/).fill(await codeFor(env.t, 'bob@personal.example'));
    await flow.getByRole('button', { name: 'Next' }).click();
    const password = 'Copper-Lantern-Meadow-82';
    await flow.getByLabel('New password', { exact: true }).fill(password);
    await flow.getByText('This password can be used.').waitFor();
    await flow.getByLabel('Confirm new password').fill(password);
    await flow.getByRole('button', { name: 'Reset password' }).click();
    await flow.getByText(/Your password was reset/).waitFor();
    const closed = flow.waitForEvent('close');
    await flow.getByRole('button', { name: 'Close' }).first().click();
    await closed;

    await page.locator('#username').fill('bob');
    await page.locator('#password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Bob Kelly' }).waitFor();
    await page.close();
  });

  it('a hostile user name from the page shows as text in the flow window, never as markup (SECURITY 44)', async () => {
    const page = await env.b.context.newPage();
    await page.goto(`${env.demo.url}/plain`);
    await page.locator('regain-extension-link').waitFor();
    const payload = '"><img src=x onerror="window.pwned=1"><svg onload="window.pwned=2">';
    await page.locator('#username').fill(payload);
    const opened = nextFlowWindow(env);
    await clickHelpLink(page);
    const flow = await opened;
    await expect.poll(() => flow.getByLabel('User name').inputValue()).toBe(payload);
    const markup = await flow.evaluate(() => {
      const found: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('img, svg, [onerror], [onload]')) found.push(el.localName);
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return { found, pwned: (window as unknown as { pwned?: number }).pwned ?? null };
    });
    expect(markup).toEqual({ found: [], pwned: null });
    await flow.close();
    await page.close();
  });

  it('prompts carol after sign-in; she snoozes, is prompted again at the next sign-in, and registers', async () => {
    await setPolicy(env.t, { registration: { snoozeDays: 0, methodsRequired: 1 } });
    const page = await env.b.context.newPage();

    // First sign-in: the prompt window opens; the password is typed into the extension page, never taken.
    let opened = nextFlowWindow(env);
    await signIn(page, 'carol', demoUsers.carol);
    let flow = await opened;
    await expect.poll(() => flow.getByLabel('User name').inputValue()).toBe('carol');
    await flow.getByLabel('Password').fill(demoUsers.carol);
    await flow.getByRole('button', { name: 'Sign in' }).click();
    let closed = flow.waitForEvent('close');
    await flow.getByRole('button', { name: /^Remind me later/ }).click();
    await closed;

    // Second sign-in: the zero-day snooze is over, so the prompt comes back.
    opened = nextFlowWindow(env);
    await signIn(page, 'carol', demoUsers.carol);
    flow = await opened;
    await flow.getByLabel('Password').fill(demoUsers.carol);
    await flow.getByRole('button', { name: 'Sign in' }).click();
    await flow.getByRole('button', { name: 'Register now' }).click();
    await flow.getByRole('button', { name: 'Set up' }).first().click();
    await flow.getByLabel(/other email address/).fill('carol@personal.example');
    await flow.getByRole('button', { name: 'Send a code' }).click();
    await flow.getByLabel(/^Code/).fill(await codeFor(env.t, 'carol@personal.example'));
    await flow.getByRole('button', { name: 'Next' }).click();
    // The flow ends by itself once the registration is complete.
    await flow.getByText('Thank you. Your recovery info is registered.').waitFor();
    expect((await env.t.api.get('/v1/admin/users/carol', { token: env.t.adminKey })).text).toContain(
      'carol@personal.example',
    );
    closed = flow.waitForEvent('close');
    await flow.getByRole('button', { name: 'Close' }).first().click();
    await closed;

    // Third sign-in: the server said nothing is due, so no window opens.
    let another = false;
    const onPage = (p: Page) => {
      if (p.url().includes('/extension/pages/flow.html')) another = true;
    };
    env.b.context.on('page', onPage);
    await signIn(page, 'carol', demoUsers.carol);
    await page.waitForTimeout(1500);
    env.b.context.off('page', onPage);
    expect(another).toBe(false);
    await page.close();
  });
});
