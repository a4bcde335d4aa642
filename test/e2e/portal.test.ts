// The self-service portal in real Chromium against the real service: the three entries work at / with the keyboard,
// at 320 px, in light and dark, axe-clean, with no CSP report; Arabic is right to left.
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoUsers } from '../../server/seed-demo.ts';
import { axeViolations, focusedName, inlineStyles, openPage, tabTo, useE2e } from '../helpers/e2e.ts';
import { codeFor, latestMessageId } from '../helpers/service.ts';

const setUp = useE2e();

const flow = (page: Page) => page.locator('section.regain');

describe('portal in Chromium', () => {
  it('is axe-clean on every page in light and dark, and fits 320 px without scrolling sideways', async () => {
    const context = await setUp().browser.newContext({ viewport: { width: 320, height: 640 } });
    for (const scheme of ['light', 'dark'] as const)
      for (const path of ['/', '/reset', '/register', '/change', '/?lang=ar', '/reset?lang=ja']) {
        const { page, cspConsole } = await openPage(context, `${setUp().t.url}${path}`);
        await page.emulateMedia({ colorScheme: scheme });
        if (path !== '/' && !path.startsWith('/?')) await flow(page).locator('h2').waitFor();
        expect(await axeViolations(page), `${scheme} ${path}`).toEqual([]);
        expect(await inlineStyles(page), path).toEqual([]);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(wide, `${path} scrolls sideways at 320 px`).toBe(false);
        expect(cspConsole, path).toEqual([]);
        await page.close();
      }
    await context.close();
  });

  it('gives no favicon 404 on the service or the demo site (a console error on every page otherwise)', async () => {
    for (const base of [setUp().t.url, setUp().demo.url])
      expect((await fetch(`${base}/favicon.ico`)).status, base).toBe(204);
  });

  it('loads an entry in at most 30 KB gzip, everything the page fetched before the flow drew included', async () => {
    const page = await setUp().browser.newPage();
    const bodies: Promise<number>[] = [];
    page.on('response', (r) => {
      bodies.push(
        r.body().then(
          (b) => gzipSync(b, { level: 9 }).length,
          () => 0,
        ),
      );
    });
    await page.goto(`${setUp().t.url}/reset`);
    await flow(page).getByLabel('User name').waitFor();
    const gzip = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
    console.info(
      `portal /reset first load: ${(gzip / 1024).toFixed(2)} KB gzip -9 over ${bodies.length} responses`,
    );
    expect(gzip).toBeLessThanOrEqual(30 * 1024);
    await page.close();
  });

  it('alice reaches the reset from the start page with the keyboard, and resets her password', async () => {
    const { page, cspConsole } = await openPage(setUp().browser, `${setUp().t.url}/`);
    const link = (label: string) => (f: string, text: string) => f === 'a' && text.trim() === label;
    await tabTo(page, link('Reset your password'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reset$/);
    await tabTo(page, 'input[username]', 12);
    await page.keyboard.type('alice');
    await page.keyboard.press('Enter');
    const before = await latestMessageId(setUp().t, 'alice@personal.example');
    await flow(page)
      .getByRole('button', { name: /^Email a code to/ })
      .click();
    const code = flow(page).getByLabel(/^Code/);
    await code.fill(await codeFor(setUp().t, 'alice@personal.example', before));
    await flow(page).getByRole('button', { name: 'Next' }).click();
    const next = 'Copper-Lantern-Meadow-31';
    await flow(page).getByLabel('New password', { exact: true }).fill(next);
    await flow(page).getByText('This password can be used.').waitFor();
    await flow(page).getByLabel('Confirm new password').fill(next);
    await flow(page).getByRole('button', { name: 'Reset password' }).click();
    await flow(page)
      .getByText(/Your password was reset/)
      .waitFor();
    await expect.poll(() => focusedName(page)).not.toBe('body');
    expect(cspConsole).toEqual([]);
    const change = await setUp().t.api.post('/v1/password/change', {
      username: 'alice',
      currentPassword: next,
      newPassword: 'Harbor-Tulip-Quartz-77',
    });
    expect(change.status).toBe(200);
    await page.close();
  });

  it('bob signs in with his current password at /register and sees his recovery info', async () => {
    const { page } = await openPage(setUp().browser, `${setUp().t.url}/register?username=bob`);
    await flow(page).getByText('Sign in with your current password').waitFor();
    await flow(page).getByLabel('Password', { exact: true }).fill(demoUsers.bob);
    await flow(page).getByRole('button', { name: 'Sign in' }).click();
    await flow(page)
      .getByText(/Signed in as/)
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('speaks Arabic right to left when asked, and the widget follows the page language', async () => {
    const { page } = await openPage(setUp().browser, `${setUp().t.url}/change?lang=ar`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await flow(page).locator('h2').waitFor();
    expect(await flow(page).locator('h2').textContent()).toBe('تغيير كلمة المرور');
    await page.close();
  });
});
