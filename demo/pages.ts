// The demo site's HTML: Contoso's sign-in pages, escaped by hono/html, with no inline script or style (strict CSP).
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageOptions {
  /** The Regain service's origin: regain.js comes from there. */
  api: string;
  title: string;
  /** Loads regain.js; false for the pages that stand for sign-in pages an organization cannot change. */
  widget: boolean;
  scripts?: string[];
  body: Html;
  /** The page's language (`?lang=` on any demo page), so a run can show the widget in German or right to left. */
  lang?: string;
}

const languages = new Set(['en', 'de', 'fr', 'es', 'ja', 'ar']);
/** A supported language from a query value, English otherwise. */
export const pageLang = (q: string | undefined): string => (q && languages.has(q) ? q : 'en');

/** Who renders: the service's origin and the page's language. */
export interface PageContext {
  api: string;
  lang: string;
}

export function page(o: PageOptions): Html {
  return html`<!doctype html>
<html lang="${o.lang ?? 'en'}" dir="${o.lang === 'ar' ? 'rtl' : 'ltr'}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${o.title} — Contoso</title>
    <link rel="stylesheet" href="/static/demo.css" />
    <script src="/static/events.js"></script>
    ${(o.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
    ${o.widget ? html`<script src="${o.api}/widget/regain.js" data-api="${o.api}" defer></script>` : ''}
  </head>
  <body>
    <main>
      <p class="brand">Contoso</p>
      ${o.body}
      <ul id="log" aria-label="Widget events"></ul>
    </main>
  </body>
</html>`;
}

/** The sign-in form every demo page shares; the extension's tests and presets rely on these ids. */
export function signInForm(o: { from: string; error?: string; username?: string }): Html {
  return html`<form id="signin" method="post" action="/login">
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
    <input type="hidden" name="from" value="${o.from}" />
    <label>User name <input id="username" name="username" autocomplete="username" value="${o.username ?? ''}" required /></label>
    <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required /></label>
    <button type="submit">Sign in</button>
  </form>`;
}

export const signInPage = (c: PageContext, error?: string, username?: string): Html =>
  page({
    ...c,
    title: 'Sign in',
    widget: true,
    body: html`<h1>Sign in</h1>
      ${signInForm({ from: '/', ...(error ? { error } : {}), ...(username ? { username } : {}) })}
      <regain-help-link attach="#signin" username-field="#username"></regain-help-link>
      <p class="hint">Demo users: alice, bob, carol, dave (passwords in the README).</p>`,
  });

/** The same form without Regain: what a vendor's or cloud provider's page looks like to the extension. */
export const plainPage = (c: PageContext, error?: string): Html =>
  page({
    ...c,
    title: 'Sign in (no widget)',
    widget: false,
    body: html`<h1>Sign in</h1>
      ${signInForm({ from: '/plain', ...(error ? { error } : {}) })}`,
  });

/** A single-page sign-in that asks for the user name, then re-renders the form for the password (spa.js). */
export const spaPage = (c: PageContext, widget: boolean): Html =>
  page({
    ...c,
    title: 'Sign in (two steps)',
    widget,
    scripts: ['/static/spa.js'],
    body: html`<h1>Sign in</h1>
      <div id="spa"></div>
      ${widget ? html`<regain-help-link attach="#signin" username-field="#username"></regain-help-link>` : ''}`,
  });

export const welcomePage = (c: PageContext, name: string, ticket: string | null): Html =>
  page({
    ...c,
    title: 'Welcome',
    widget: true,
    scripts: ['/static/welcome.js'],
    body: html`<h1>Welcome, ${name}</h1>
      ${
        // No inline script under this CSP: welcome.js reads the ticket from this attribute once, removes the
        // element, and hands the ticket to the prompt as a property.
        ticket
          ? html`<div hidden id="regain-ticket" data-ticket="${ticket}"></div>
              <regain-registration-prompt id="prompt"></regain-registration-prompt>`
          : ''
      }
      <h2>Your account</h2>
      <regain-change-password label="Change your password"></regain-change-password>
      <form method="post" action="/logout"><button type="submit">Sign out</button></form>`,
  });

export const strictCspPage = (c: PageContext): Html =>
  page({
    ...c,
    title: 'Reset your password (strict CSP)',
    widget: true,
    body: html`<h1>Reset your password</h1><regain-reset></regain-reset>`,
  });

/** The ES module entry, as a page script or a bundler uses it: `mountReset` into an element of the page's own. */
export const modulePage = (c: PageContext): Html =>
  page({
    ...c,
    title: 'Reset your password (ES module)',
    widget: false,
    scripts: ['/static/module.js'],
    body: html`<h1>Reset your password</h1>
      <div id="reset-here" data-api="${c.api}"></div>`,
  });

export const unlistedPage = (c: PageContext): Html =>
  page({
    ...c,
    title: 'News',
    widget: false,
    body: html`<h1>Contoso news</h1><p>Nothing to sign in to here.</p>`,
  });
