// In real Chromium on the demo site: the registration prompt after sign-in (snooze, register) and change password.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../server/seed-demo.ts';
import {
  axeViolations,
  type E2e,
  focusedName,
  openPage,
  pageLog,
  signIn,
  startE2e,
  tabTo,
} from '../helpers/e2e.ts';
import { codeFor, setPolicy } from '../helpers/service.ts';

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
});
afterAll(async () => {
  await e?.close();
});

const prompt = (page: Page) => page.locator('regain-registration-prompt section.regain');

async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/$/), page.getByRole('button', { name: 'Sign out' }).click()]);
}

describe('registration prompt and change password in Chromium', () => {
  it('carol signs in, is prompted, snoozes, is prompted again at the next sign-in, and registers', async () => {
    // With snoozeDays 0 a snooze ends at once: the next sign-in prompts again (Azure's "days before re-confirm" is separate).
    await setPolicy(e.t, { registration: { snoozeDays: 0 } });
    const { page } = await openPage(e.browser, `${e.demo.url}/`);
    await signIn(page, 'carol', demoUsers.carol);
    await page.getByRole('heading', { name: 'Welcome, Carol Smith' }).waitFor();
    // The ticket reached the element as a property: nothing of it stays in the DOM.
    expect(await page.locator('#regain-ticket').count()).toBe(0);
    expect(await page.locator('regain-registration-prompt').getAttribute('ticket')).toBeNull();
    await prompt(page).getByRole('button', { name: 'Register now' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await prompt(page)
      .getByRole('button', { name: /^Remind me later \(\d+ left\)$/ })
      .click();
    await page.getByText('We will remind you later.').waitFor();
    await expect
      .poll(async () => (await pageLog(page)).events)
      .toContainEqual({ type: 'regain:done', detail: { outcome: 'snoozed' } });

    await signOut(page);
    await signIn(page, 'carol', demoUsers.carol);
    await prompt(page).getByRole('button', { name: 'Register now' }).click();
    await page.getByRole('button', { name: 'Set up' }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const email = 'carol.home@personal.example';
    await page.locator('li', { hasText: 'Alternate email' }).getByRole('button', { name: 'Set up' }).click();
    const address = page.getByLabel(/other email address/);
    expect(await address.getAttribute('autocomplete')).toBe('email');
    await address.fill(email);
    await page.getByRole('button', { name: 'Send a code' }).click();
    const code = page.getByLabel(/^Code/);
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await code.fill(await codeFor(e.t, email));
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Next' }).click();
    // One method makes a reset possible; the policy asks for a backup (gates + 1), so the flow goes on.
    await page.getByText('1 of 2 methods registered.').waitFor();
    await page
      .locator('li', { hasText: 'Security questions' })
      .getByRole('button', { name: 'Set up' })
      .click();
    await page.getByLabel('Answer 1').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    for (const [i, answer] of ['Pepper', 'Lisbon', 'Oakridge High'].entries())
      await page.getByLabel(`Answer ${i + 1}`).fill(answer);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Thank you. Your recovery info is registered.').waitFor();
    await expect
      .poll(async () => (await pageLog(page)).events)
      .toContainEqual({ type: 'regain:done', detail: { outcome: 'registered' } });

    // Registered: the next sign-in shows no prompt, and the new address is what a reset offers.
    await signOut(page);
    await signIn(page, 'carol', demoUsers.carol);
    await page.getByRole('heading', { name: 'Welcome, Carol Smith' }).waitFor();
    expect(await page.locator('regain-registration-prompt').count()).toBe(0);
    const status = await e.t.api.post<{ status: { configured: boolean } }>('/v1/registration/session', {
      username: 'carol',
      password: demoUsers.carol,
    });
    expect(status.body.status.configured).toBe(true);
    await page.close();
  });

  it('bob changes his password from the welcome page, then signs in with the new one', async () => {
    const { page } = await openPage(e.browser, `${e.demo.url}/`);
    await signIn(page, 'bob', demoUsers.bob);
    await page.getByRole('heading', { name: 'Welcome, Bob Kelly' }).waitFor();
    await page.getByRole('button', { name: 'Change your password' }).click();
    const form = page.locator('regain-change-password');
    await form.getByLabel('User name').fill('bob');
    const current = form.getByLabel('Current password');
    expect(await current.getAttribute('autocomplete')).toBe('current-password');
    await current.fill(demoUsers.bob);
    const next = 'Orchard-Lumen-Basalt-66';
    await form.getByLabel('New password', { exact: true }).fill(next);
    await form.getByText('This password can be used.').waitFor();
    await form.getByLabel('Confirm new password').fill(next);
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText(/Your password was changed/).waitFor();

    await signOut(page);
    await signIn(page, 'bob', demoUsers.bob);
    expect(page.url()).toMatch(/\/login$/);
    await signIn(page, 'bob', next);
    await page.getByRole('heading', { name: 'Welcome, Bob Kelly' }).waitFor();
    await page.close();
  });

  it('a new user registers from the prompt with the keyboard alone', async () => {
    await e.t.rt.directory.addUser({
      username: 'erin',
      displayName: 'Erin Park',
      email: 'erin@contoso.com',
      password: 'Juniper-Comet-Falls-52',
    });
    const { page } = await openPage(e.browser, `${e.demo.url}/`);
    const key = page.keyboard;
    await tabTo(page, 'input[username]');
    await key.type('erin');
    await key.press('Tab');
    await key.type('Juniper-Comet-Falls-52');
    await page.evaluate(() => Object.assign(window, { regainOldDocument: true }));
    await key.press('Enter');
    await page.waitForFunction(() => !('regainOldDocument' in window) && document.readyState === 'complete');
    await prompt(page).getByRole('button', { name: 'Register now' }).waitFor();
    const button = (label: string) => (f: string, text: string) => f === 'button' && text.trim() === label;
    await tabTo(page, button('Register now'), 12);
    await key.press('Enter');
    // Focus lands on the overview's heading; the first "Set up" is the alternate email's.
    await expect.poll(() => focusedName(page)).toBe('h2');
    await tabTo(page, button('Set up'));
    await key.press('Enter');
    // Each new step focuses its heading once drawn: wait for that before tabbing on, or the focus can jump back
    // to the heading after the first keys were typed into the field.
    await expect.poll(() => focusedName(page)).toBe('h2');
    await tabTo(page, 'input[value]');
    const email = 'erin.park@personal.example';
    await key.type(email);
    await key.press('Enter');
    await page.locator('input[name="code"]').first().waitFor();
    await expect.poll(() => focusedName(page)).toBe('h2');
    await tabTo(page, 'input[code]');
    await key.type(await codeFor(e.t, email));
    await key.press('Enter');
    await page.getByText('1 of 2 methods registered.').waitFor();
    // Past the email's Change and Remove, and the phones' Set up, to the questions' Set up.
    const questions = page
      .locator('li', { hasText: 'Security questions' })
      .getByRole('button', { name: 'Set up' });
    for (let i = 0; i < 10 && !(await questions.evaluate((b) => b.matches(':focus'))); i++)
      await key.press('Tab');
    await key.press('Enter');
    for (const [i, answer] of ['Marmalade', 'Porto', 'Riverside Primary'].entries()) {
      await tabTo(page, `input[a-${i}]`);
      await key.type(answer);
    }
    await key.press('Enter');
    await page.getByText('Thank you. Your recovery info is registered.').waitFor();
    await page.close();
  });
});
