// End-to-end set-up: the built widget, a real service on PGlite, the demo site and headless Chromium, plus page probes.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningDemo } from '../../demo/server.ts';
import { buildWidget } from '../../widget/build/build-widget.ts';
import { launchChromium } from './chromium.ts';
import { startDemoFor } from './demo.ts';
import { startService, type TestService } from './service.ts';

export interface E2e {
  t: TestService;
  demo: RunningDemo;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the widget into dist/widget/ (what the service serves) and starts everything. */
export async function startE2e(): Promise<E2e> {
  await buildWidget();
  const t = await startService();
  const demo = await startDemoFor(t);
  const browser = await launchChromium();
  return {
    t,
    demo,
    browser,
    async close() {
      await browser.close();
      await demo.close();
      await t.close();
    },
  };
}

/**
 * Starts everything before the file's tests and stops it after them; returns a getter for the running set-up.
 * @example const e = useE2e(); it('…', async () => { await e().browser.newPage(); });
 */
export function useE2e(): () => E2e {
  let running: E2e | undefined;
  beforeAll(async () => {
    running = await startE2e();
  });
  afterAll(async () => {
    await running?.close();
  });
  return () => {
    if (!running) throw new Error('the e2e set-up is not running (useE2e outside a test?)');
    return running;
  };
}

/** A page that records console messages about CSP and Trusted Types, which must stay empty. */
export async function openPage(
  target: Browser | BrowserContext,
  url: string,
): Promise<{ page: Page; cspConsole: string[] }> {
  const page = await target.newPage();
  const cspConsole: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) cspConsole.push(m.text());
  });
  await page.goto(url);
  return { page, cspConsole };
}

/** What the demo page's events.js recorded: the widget's events and CSP violations. */
export function pageLog(
  page: Page,
): Promise<{ events: { type: string; detail: unknown }[]; csp: unknown[] }> {
  return page.evaluate(() => {
    const w = window as unknown as {
      regainEvents: { type: string; detail: unknown }[];
      cspViolations: unknown[];
    };
    return { events: w.regainEvents, csp: w.cspViolations };
  });
}

/** Elements with a style attribute and <style> elements anywhere, shadow roots included (strict CSP forbids both). */
export function inlineStyles(page: Page): Promise<string[]> {
  return page.evaluate(() => {
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
}

let axeSource: string | undefined;
/**
 * Runs axe-core on the page (open shadow roots included) and returns its violations as `id: target` lines.
 * The source goes in through the DevTools protocol, which page CSP does not govern, so strict-CSP pages stay strict.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<AxeResult> } }).axe;
    interface AxeResult {
      violations: { id: string; nodes: { target: unknown[] }[] }[];
    }
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
  });
}

/** Signs in on a demo page's form (any page with #signin) and waits for the next document, welcome or refusal. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  // A marker on the old document: the answer has arrived once a document without it has loaded.
  await page.evaluate(() => Object.assign(window, { regainOldDocument: true }));
  await page.locator('#signin button[type=submit]').click();
  await page.waitForFunction(() => !('regainOldDocument' in window) && document.readyState === 'complete');
}

/** The focused element, through open shadow roots, as `tag` or `tag[name]`. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const name = el?.getAttribute('name');
    return `${el?.localName}${name ? `[${name}]` : ''}`;
  });
}

/** Presses Tab (at most `max` times) until `target` has focus: proves it is reachable without a mouse. */
export async function tabTo(
  page: Page,
  target: string | ((focused: string, text: string) => boolean),
  max = 8,
): Promise<void> {
  const matches = async () => {
    const f = await focusedName(page);
    if (typeof target === 'string') return f === target;
    const text = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.textContent ?? '';
    });
    return target(f, text);
  };
  // A named field belongs to the next step: wait for it to be drawn, or Tab would cycle through the last one.
  const field = typeof target === 'string' ? /^(\w+)\[(.+)\]$/.exec(target) : null;
  if (field) await page.locator(`${field[1]}[name="${field[2]}"]`).first().waitFor();
  for (let i = 0; i < max && !(await matches()); i++) await page.keyboard.press('Tab');
  if (!(await matches()))
    throw new Error(`Tab never reached ${String(target)}; focus is on ${await focusedName(page)}`);
}
