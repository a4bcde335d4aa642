// In real Chromium: a strict-CSP page embeds regain.js from the real service and alice resets her password (one gate).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../widget/build/build-widget.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { codeFor, startService, type TestService } from '../helpers/service.ts';

const demoDir = new URL('../../demo/', import.meta.url);
let t: TestService;
let browser: Browser;
let demo: Server;
let demoUrl = '';

/** A tiny loopback server for the demo page, with the strict CSP the widget must work under. */
async function serveDemo(api: string): Promise<void> {
  const html = (await readFile(new URL('strict-csp.html', demoDir), 'utf8')).replaceAll('%REGAIN_API%', api);
  const js = await readFile(new URL('strict-csp.js', demoDir), 'utf8');
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${api}`,
    "style-src 'self'",
    `connect-src ${api}`,
    `img-src 'self' ${api}`,
    "require-trusted-types-for 'script'",
  ].join('; ');
  demo = createServer((req, res) => {
    const headers = { 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' };
    if (req.url === '/')
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    else if (req.url === '/strict-csp.js')
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(js);
    else res.writeHead(404, headers).end();
  });
  await new Promise<void>((r) => demo.listen(0, '127.0.0.1', r));
  demoUrl = `http://127.0.0.1:${(demo.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  await buildWidget();
  t = await startService();
  await serveDemo(t.url);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (demo ? demo.close(r) : r(undefined)));
  await t?.close();
});

async function openDemo(): Promise<{ page: Page; consoleCsp: string[] }> {
  const page = await browser.newPage();
  const consoleCsp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) consoleCsp.push(m.text());
  });
  await page.goto(demoUrl);
  return { page, consoleCsp };
}

describe('widget reset in Chromium (strict CSP)', () => {
  it('alice resets her password with one email gate', async () => {
    const { page, consoleCsp } = await openDemo();
    await page.getByRole('button', { name: 'Reset your password' }).click();
    await page.getByLabel('User name').fill('alice');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('button', { name: /^Email a code to/ }).click();
    const code = await codeFor(t, 'alice@personal.example');
    const codeField = page.getByLabel(/^Code/);
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    await codeField.fill(code);
    await page.getByRole('button', { name: 'Next' }).click();

    const username = page.getByLabel('User name');
    await expect.poll(() => username.inputValue()).toBe('alice');
    expect(await username.getAttribute('autocomplete')).toBe('username');
    expect(await username.getAttribute('readonly')).not.toBeNull();
    const password = 'Velvet-Orbit-Canyon-73';
    await page.getByLabel('New password', { exact: true }).fill('alice');
    await page
      .getByText(/too common|Use \d+ to \d+ characters|user name/)
      .first()
      .waitFor();
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByText('This password can be used.').waitFor();
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('autocomplete')).toBe(
      'new-password',
    );
    await page.getByLabel('Confirm new password').fill(password);
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText(/Your password was reset/).waitFor();

    const events = await page.evaluate(() => (window as unknown as { regainEvents: unknown[] }).regainEvents);
    expect(events).toEqual([{ type: 'regain:done', detail: { outcome: 'reset' } }]);
    const violations = await page.evaluate(
      () => (window as unknown as { cspViolations: unknown[] }).cspViolations,
    );
    expect(violations).toEqual([]);
    expect(consoleCsp).toEqual([]);
    // No inline style attributes and no <style> anywhere, shadow roots included.
    const styled = await page.evaluate(() => {
      const found: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.hasAttribute('style') || el.localName === 'style') found.push(el.localName);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return found;
    });
    expect(styled).toEqual([]);

    // Control: the page's policy is live and its listener sees violations (Trusted Types refuses innerHTML).
    const refused = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { cspViolations: unknown[] }).cspViolations.length),
      )
      .toBe(1);

    // The new password works against the directory: it opens a registration session.
    const session = await t.api.post('/v1/registration/session', { username: 'alice', password });
    expect(session.status).toBe(201);
    await page.close();
  });
});
