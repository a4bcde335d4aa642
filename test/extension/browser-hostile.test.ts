// In Chromium: a hostile sign-in page watches everything it can (DOM mutations, events, messages) and spams
// postMessage while alice resets through the overlay with an SMS code; it records no code, phone number or
// token, and changes nothing: no extra flow opens and its own form stays as the user left it.
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFor } from '../helpers/service.ts';
import { clickHelpLink, type ExtensionEnv, scriptsRegistered, startExtensionEnv } from './support/setup.ts';

let env: ExtensionEnv;
beforeAll(async () => {
  env = await startExtensionEnv('hostile', (demo, service) => ({
    serviceUrl: service,
    signInPages: [{ match: `${demo}/plain*`, successUrl: `${demo}/welcome*` }],
    surface: 'overlay',
  }));
  await scriptsRegistered(env);
});
afterAll(async () => {
  await env?.close();
});

/** Runs in the page's main world before its own scripts: records all it can see and pokes at the extension. */
function hostile(): void {
  const seen: string[] = [];
  const w = window as unknown as { __seen: string[]; __frames: number };
  w.__seen = seen;
  w.__frames = 0;
  const note = (s: unknown) => {
    try {
      seen.push(typeof s === 'string' ? s : JSON.stringify(s));
    } catch {
      seen.push(String(s));
    }
  };
  const snapshot = (n: Node) => {
    if (n instanceof Element) {
      note(n.outerHTML);
      const root = (n as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
      if (root) note(root.innerHTML);
      for (const f of n.querySelectorAll('iframe')) {
        w.__frames++;
        note(f.src);
        try {
          note(f.contentDocument?.documentElement.outerHTML);
        } catch (e) {
          note(String(e));
        }
      }
    } else note(n.textContent);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      note(
        r.attributeName ? `${r.attributeName}=${(r.target as Element).getAttribute?.(r.attributeName)}` : '',
      );
      r.addedNodes.forEach(snapshot);
      if (r.type === 'characterData') note(r.target.textContent);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.addEventListener('message', (e) => note({ origin: e.origin, data: e.data }), true);
  // Setter traps on Object.prototype: any object in this world that gets one of these keys reports its value.
  for (const key of ['code', 'token', 'phone', 'proof', 'password', 'ticket', 'nonce']) {
    const slot = Symbol(key);
    Object.defineProperty(Object.prototype, key, {
      configurable: true,
      get(this: Record<symbol, unknown>) {
        return this[slot];
      },
      set(this: Record<symbol, unknown>, v: unknown) {
        note({ trap: key, v });
        this[slot] = v;
      },
    });
  }
  // Control: the traps are live in this world.
  (({}) as { token?: string }).token = 'trap-self-test';
  for (const type of [
    'input',
    'change',
    'keydown',
    'keyup',
    'paste',
    'copy',
    'focusin',
    'click',
    'submit',
    'regain:done',
  ])
    window.addEventListener(
      type,
      (e) => {
        const t = e.target as HTMLInputElement | null;
        note({
          type,
          value: t?.value,
          text: t?.textContent?.slice(0, 200),
          detail: (e as CustomEvent).detail,
        });
      },
      true,
    );
  const spam = () => {
    const msgs = [
      { type: 'page:claim' },
      { type: 'bg:overlay-open' },
      { type: 'content:help', username: 'mallory' },
      { type: 'page:open', flow: 'reset', username: 'mallory' },
      'regain:open',
    ];
    for (const m of msgs) {
      window.postMessage(m, '*');
      for (let i = 0; i < window.frames.length; i++) window.frames[i]?.postMessage(m, '*');
    }
    // Synthetic clicks on the link's host: untrusted, so they must open nothing.
    document
      .querySelector('regain-extension-link')
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const chromeApi = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
    note(`runtime:${typeof chromeApi?.runtime?.sendMessage}`);
  };
  setInterval(spam, 25);
}

describe('a hostile sign-in page', () => {
  it('learns no secret and changes nothing while the user resets through the overlay', async () => {
    const page = await env.b.newPageWithInit(hostile);
    const tokens: string[] = [];
    env.b.context.on('response', async (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/reset') {
        const body = (await r.json().catch(() => ({}))) as { token?: string };
        if (body.token) tokens.push(body.token);
      }
    });
    await page.goto(`${env.demo.url}/plain`);
    await page.locator('regain-extension-link').waitFor();
    await page.locator('#username').fill('alice');
    await clickHelpLink(page);

    let frame: Frame | undefined;
    await expect
      .poll(() => {
        frame = page.frames().find((f) => f.url().includes('/extension/pages/overlay.html'));
        return frame !== undefined;
      })
      .toBe(true);
    const f = frame!;
    await expect.poll(() => f.getByLabel('User name').inputValue()).toBe('alice');
    await f.getByRole('button', { name: 'Next' }).click();
    await f.getByRole('button', { name: /^Send a code to my mobile phone/ }).click();
    const phone = '+14255550100';
    await f.getByLabel(/^Your full phone number/).fill(phone);
    await f.getByRole('button', { name: 'Text me a code' }).click();
    const code = await codeFor(env.t, phone);
    await f.getByLabel(/^Code/).fill(code);
    await f.getByRole('button', { name: 'Next' }).click();
    const password = 'Amber-Falcon-River-64';
    await f.getByLabel('New password', { exact: true }).fill(password);
    await f.getByText('This password can be used.').waitFor();
    await f.getByLabel('Confirm new password').fill(password);
    await f.getByRole('button', { name: 'Reset password' }).click();
    await f.getByText(/Your password was reset/).waitFor();
    await page.waitForTimeout(300);

    const seen = (await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).join('\n');
    expect(tokens.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    for (const secret of [code, phone, phone.slice(2), '4255550100', password, ...tokens])
      expect(seen.includes(secret), `page saw ${secret}`).toBe(false);
    expect(seen).toContain('trap-self-test');
    // The page can't reach the extension's messaging at all.
    expect(seen).toContain('runtime:undefined');
    // Nothing changed: one overlay, no flow window, the form as the user left it.
    expect(await page.locator('regain-extension-overlay').count()).toBe(1);
    expect(env.b.context.pages().filter((p) => p.url().includes('/extension/pages/'))).toEqual([]);
    expect(await page.locator('#username').inputValue()).toBe('alice');
    expect(await page.locator('#password').inputValue()).toBe('');
    expect(await page.locator('form#signin').getAttribute('action')).toBe('/login');

    // Closing the overlay removes it from the page.
    await f.getByRole('button', { name: 'Close' }).first().click();
    await expect.poll(() => page.locator('regain-extension-overlay').count()).toBe(0);
    await page.close();
  });
});
