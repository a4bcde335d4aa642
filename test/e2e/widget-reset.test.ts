// In real Chromium against the real service and the demo site: resets through the widget, then sign-in with the result.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAnswers, demoUsers } from '../../server/seed-demo.ts';
import {
  axeViolations,
  type E2e,
  focusedName,
  inlineStyles,
  openPage,
  pageLog,
  signIn,
  startE2e,
  tabTo,
} from '../helpers/e2e.ts';
import { codeFor, latestMessageId, setPolicy } from '../helpers/service.ts';

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
});
afterAll(async () => {
  await e?.close();
});

/** The reset flow inside the help link's dialog or a <regain-reset>; Playwright's locators pierce open shadow roots. */
const heading = (page: Page) => page.locator('section.regain h2');

async function enterCode(page: Page, to: string, after?: string): Promise<void> {
  const field = page.getByLabel(/^Code/);
  expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
  await field.fill(await codeFor(e.t, to, after));
  await page.getByRole('button', { name: 'Next' }).click();
}

async function choosePassword(page: Page, username: string, password: string): Promise<void> {
  const flow = page.locator('section.regain');
  const shown = flow.getByLabel('User name');
  await expect.poll(() => shown.inputValue()).toBe(username);
  expect(await shown.getAttribute('autocomplete')).toBe('username');
  expect(await shown.getAttribute('readonly')).not.toBeNull();
  const field = flow.getByLabel('New password', { exact: true });
  expect(await field.getAttribute('autocomplete')).toBe('new-password');
  // Live rule feedback: the user name itself is refused before anything is submitted.
  await field.fill(username);
  await flow.locator('#rules ul.rules li').first().waitFor();
  await field.fill(password);
  await flow.getByText('This password can be used.').waitFor();
  await flow.getByLabel('Confirm new password').fill(password);
  await flow.getByRole('button', { name: 'Reset password' }).click();
  await flow.getByText(/Your password was reset/).waitFor();
}

describe('widget reset in Chromium', () => {
  it('alice resets with one email gate on the strict-CSP page, with no CSP report', async () => {
    const { page, cspConsole } = await openPage(e.browser, `${e.demo.url}/strict-csp`);
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    // A hostile page spams messages shaped like the widget's own events and flow answers: nothing may change.
    await page.evaluate(() => {
      const fake = [
        { type: 'regain:done', outcome: 'reset' },
        { token: 'x', step: 'password', gatesPassed: 9 },
      ];
      setInterval(() => {
        for (const m of fake) window.postMessage(m, '*');
      }, 10);
    });
    await page.getByRole('button', { name: 'Reset your password' }).click();
    await page.getByLabel('User name').fill('alice');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: /^Email a code to/ }).click();
    await enterCode(page, 'alice@personal.example');
    const password = 'Velvet-Orbit-Canyon-73';
    await choosePassword(page, 'alice', password);

    const log = await pageLog(page);
    expect(log.events).toEqual([{ type: 'regain:done', detail: { outcome: 'reset' } }]);
    // Nothing third-party: the page's own origin and the service, nothing else (SECURITY case 42).
    expect(origins.has(e.t.url)).toBe(true);
    expect([...origins].filter((o) => o !== e.demo.url && o !== e.t.url)).toEqual([]);
    expect(log.csp).toEqual([]);
    expect(cspConsole).toEqual([]);
    expect(await inlineStyles(page)).toEqual([]);
    // Control: the page's policy is live (Trusted Types refuses innerHTML) and its listener would have seen it.
    const refused = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
    await expect.poll(async () => (await pageLog(page)).csp.length).toBe(1);

    // The new password opens alice's account on the demo site; the old one no longer does.
    const signin = await e.browser.newPage();
    await signin.goto(`${e.demo.url}/`);
    await signIn(signin, 'alice', demoUsers.alice);
    expect(signin.url()).toMatch(/\/login$/);
    await signIn(signin, 'alice', password);
    await signin.getByRole('heading', { name: 'Welcome, Alice Wong' }).waitFor();
    await Promise.all([page.close(), signin.close()]);
  });

  it('alice passes two gates (text code with phone proof, then security questions) from the help link, axe-clean at every step', async () => {
    await setPolicy(e.t, { reset: { gatesRequired: 2 } });
    try {
      const { page } = await openPage(e.browser, `${e.demo.url}/`);
      const a11y: Record<string, string[]> = {};
      const check = async () => {
        const step = (await heading(page).getAttribute('data-step')) ?? '?';
        a11y[step] = await axeViolations(page);
      };
      await page.locator('#username').fill('alice');
      await page.getByRole('button', { name: "Can't access your account?" }).click();
      // The typed user name is carried into the flow.
      const flowUsername = page.locator('section.regain input[name=username]');
      await expect.poll(() => flowUsername.inputValue()).toBe('alice');
      await check();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Step 1 of 2').waitFor();
      await check();
      // Alice's email got a code a moment ago (the first test) and sends to one address are paced: use her mobile.
      await page.getByRole('button', { name: /^Send a code to my mobile phone/ }).click();
      await page.getByLabel(/^Your full phone number/).fill('+1 425 555 0100');
      await check();
      await page.getByRole('button', { name: 'Text me a code' }).click();
      await page.getByLabel(/^Code/).waitFor();
      await check();
      await enterCode(page, '+14255550100');
      await page.getByText('Step 2 of 2').waitFor();
      // Focus moves to each step's heading for keyboard and screen reader users.
      // The new step's text can paint before the effect that moves focus has run: wait for it.
      await expect.poll(() => focusedName(page)).toBe('h2');
      await page.getByRole('button', { name: 'Answer my security questions' }).click();
      await page.locator('input[name^="q-"]').first().waitFor();
      await check();
      for (const [id, answer] of Object.entries(demoAnswers)) {
        const field = page.locator(`input[name="q-${id}"]`);
        if (await field.count()) await field.fill(answer.toLowerCase());
      }
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('New password', { exact: true }).waitFor();
      await check();
      const password = 'Harbor-Quartz-Lantern-58';
      await choosePassword(page, 'alice', password);
      await check();
      expect(a11y).toEqual({
        start: [],
        method: [],
        proof: [],
        code: [],
        questions: [],
        password: [],
        done: [],
      });
      await page.keyboard.press('Escape');
      await signIn(page, 'alice', password);
      await page.getByRole('heading', { name: 'Welcome, Alice Wong' }).waitFor();
      await page.close();
    } finally {
      await setPolicy(e.t, { reset: { gatesRequired: 1 } });
    }
  });

  it('a reload in the middle of a reset resumes it in the same tab; a new tab starts afresh', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e.demo.url}/strict-csp`);
    await page.getByRole('button', { name: 'Reset your password' }).click();
    await page.getByLabel('User name').fill('bob');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: /^Email a code to/ }).click();
    await page.getByLabel(/^Code/).waitFor();

    // After the reload the flow reopens by itself at the code step, with the same flow behind it.
    await page.reload();
    await page.getByLabel(/^Code/).waitFor();
    const other = await context.newPage();
    await other.goto(`${e.demo.url}/strict-csp`);
    await other.getByRole('button', { name: 'Reset your password' }).click();
    await other.getByLabel('User name').waitFor();
    expect(await other.getByLabel(/^Code/).count()).toBe(0);

    await enterCode(page, 'bob@personal.example');
    await choosePassword(page, 'bob', 'Copper-Meadow-Violin-24');
    await context.close();
  });

  it('the help link follows a sign-in form the page re-renders, and carries the typed user name', async () => {
    const { page } = await openPage(e.browser, `${e.demo.url}/spa`);
    const link = page.getByRole('button', { name: "Can't access your account?" });
    await link.waitFor();
    const nextToForm = () =>
      page.evaluate(() => document.querySelector('#signin')?.nextElementSibling?.localName ?? null);
    expect(await nextToForm()).toBe('regain-help-link');
    await page.locator('#username').fill('carol');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#password').waitFor();
    await expect.poll(nextToForm).toBe('regain-help-link');
    expect(await page.locator('regain-help-link').count()).toBe(1);
    await link.click();
    await expect.poll(() => page.getByLabel('User name').last().inputValue()).toBe('carol');
    await page.close();
  });

  it('a hostile user name typed into the page shows as text in the flow, never as markup', async () => {
    const { page } = await openPage(e.browser, `${e.demo.url}/`);
    const payload = '"><img src=x onerror="window.pwned=1"><svg onload="window.pwned=2">';
    await page.locator('#username').fill(payload);
    await page.getByRole('button', { name: "Can't access your account?" }).click();
    const field = page.locator('section.regain input[name=username]');
    await expect.poll(() => field.inputValue()).toBe(payload);
    const markup = await page.evaluate(() => {
      const found: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('regain-help-link img, regain-help-link svg'))
          found.push(el.localName);
        for (const el of root.querySelectorAll('*'))
          if (el.shadowRoot) {
            for (const x of el.shadowRoot.querySelectorAll('img, svg, script')) found.push(x.localName);
            walk(el.shadowRoot);
          }
      };
      walk(document);
      return { found, pwned: (window as unknown as { pwned?: number }).pwned ?? null };
    });
    expect(markup).toEqual({ found: [], pwned: null });
    await page.close();
  });

  it('an Arabic page lays the flow out right to left, in Arabic', async () => {
    const { page } = await openPage(e.browser, `${e.demo.url}/strict-csp?lang=ar`);
    await page.getByRole('button', { name: 'إعادة تعيين كلمة المرور' }).click();
    const section = page.locator('section.regain');
    await section.waitFor();
    await expect.poll(() => section.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // Start-aligned text sits on the right in RTL: the submit button is nearer the right edge than the left.
    const box = await page.locator('section.regain button[type=submit]').boundingBox();
    const frame = await section.boundingBox();
    expect(box && frame && box.x + box.width / 2 > frame.x + frame.width / 2).toBe(true);
    expect(await heading(page).textContent()).not.toMatch(/[A-Za-z]{3}/);
    await page.close();
  });

  it('fits a 320 px wide screen without sideways scrolling, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await e.browser.newContext({ viewport: { width: 320, height: 640 }, colorScheme });
      const page = await context.newPage();
      await page.goto(`${e.demo.url}/strict-csp?lang=de`);
      await page.getByRole('button', { name: 'Passwort zurücksetzen' }).click();
      const section = page.locator('section.regain');
      await section.waitFor();
      const box = await section.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 320).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('the ES module entry (regain.mjs) mounts the reset flow into an element of the page', async () => {
    const { page, cspConsole } = await openPage(e.browser, `${e.demo.url}/module`);
    const flow = page.locator('#reset-here section.regain');
    await flow.getByLabel('User name').waitFor();
    expect(await flow.locator('h2').getAttribute('data-step')).toBe('start');
    expect(cspConsole).toEqual([]);
    await page.close();
  });

  it('the whole reset works with the keyboard alone', async () => {
    // bob's address got a code in the reload test; sends to one address are paced 60 s apart.
    e.t.clock.advance(61_000);
    const before = await latestMessageId(e.t, 'bob@personal.example');
    const { page } = await openPage(e.browser, `${e.demo.url}/strict-csp`);
    const key = page.keyboard;
    await tabTo(page, 'button');
    await key.press('Enter');
    await page.locator('section.regain input[name=username]').waitFor();
    // Opening the flow moves focus to its heading; the next Tab is its first field.
    await expect.poll(() => focusedName(page)).toBe('h2');
    await key.press('Tab');
    expect(await focusedName(page)).toBe('input[username]');
    await key.type('bob');
    await key.press('Enter');
    await page.getByRole('button', { name: /^Email a code to/ }).waitFor();
    await tabTo(page, 'button');
    await key.press('Enter');
    await page.getByLabel(/^Code/).waitFor();
    await tabTo(page, 'input[code]');
    await key.type(await codeFor(e.t, 'bob@personal.example', before));
    await key.press('Enter');
    await page.getByLabel('New password', { exact: true }).waitFor();
    const password = 'Tundra-Saffron-Beacon-47';
    // From the heading: the read-only user name, then the new password, then its confirmation.
    await tabTo(page, 'input[password]');
    await key.type(password);
    await key.press('Tab');
    expect(await focusedName(page)).toBe('input[confirm]');
    await key.type(password);
    await page.getByText('This password can be used.').waitFor();
    await key.press('Enter');
    await page.getByText(/Your password was reset/).waitFor();
    await page.close();
  });
});
