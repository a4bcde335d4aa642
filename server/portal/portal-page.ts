// The self-service portal's pages: the start page with its three entries, and each entry with the widget's own
// flow drawn full page (the `<regain-*>` elements of regain.js, never a copy of a flow). Markup only: no inline
// script or style, so the page runs under a CSP of 'self'.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type LinkLabels, linkLabels } from '../../api/link-labels.ts';
import { dirFor, type Locale, supportedLocales } from '../../api/locales.ts';
import { portalStrings } from './portal-strings.ts';

/** The portal's entries, by path, with the element that draws each and its label in api/link-labels.ts. */
export const portalEntries = {
  reset: { element: 'regain-reset', label: 'reset' },
  register: { element: 'regain-register', label: 'register' },
  change: { element: 'regain-change-password', label: 'change' },
} as const satisfies Record<string, { element: string; label: keyof LinkLabels }>;
export type PortalEntry = keyof typeof portalEntries;

export interface PortalView {
  locale: Locale;
  /** Whether the language was asked for (`?lang=`): links then keep it. */
  langAsked: boolean;
  organization: { name: string; logoUrl?: string | undefined };
  helpdesk: string | null;
  entry: PortalEntry | null;
  username: string | undefined;
}

/** A portal path with the language kept when it was asked for. */
const href = (path: string, v: PortalView, lang = v.langAsked ? v.locale : undefined) =>
  lang ? `${path}?lang=${lang}` : path;

export function portalPage(v: PortalView): Promise<HtmlEscapedString> | HtmlEscapedString {
  const t = portalStrings[v.locale];
  const labels = linkLabels[v.locale];
  const entry = v.entry ? portalEntries[v.entry] : null;
  // On an entry's page the flow's own heading names it; the page's heading stays the portal's.
  const title = entry ? `${labels[entry.label]} · ${t.title}` : t.title;
  const path = v.entry ? `/${v.entry}` : '/';
  return html`<!doctype html>
<html lang="${v.locale}" dir="${dirFor(v.locale)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${title} · ${v.organization.name}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/palette.css" />
    <link rel="stylesheet" href="/portal.css" />
    ${entry ? html`<script src="/widget/regain.js" defer></script>` : ''}
  </head>
  <body>
    <header>
      ${v.organization.logoUrl ? html`<img src="${v.organization.logoUrl}" alt="" />` : ''}
      <span>${v.organization.name}</span>
    </header>
    <main>
      <h1 class="${entry ? 'small' : ''}">${t.title}</h1>
      ${
        entry
          ? flowElement(entry.element, v.username)
          : html`<p>${t.intro}</p>
            <nav class="entries" aria-label="${t.entries}">
              <ul>
                ${(Object.keys(portalEntries) as PortalEntry[]).map(
                  (k) => html`<li><a href="${href(`/${k}`, v)}">${labels[portalEntries[k].label]}</a></li>`,
                )}
              </ul>
            </nav>`
      }
    </main>
    <footer>
      <ul>
        ${entry ? html`<li><a href="${href('/', v)}">${t.back}</a></li>` : ''}
        ${v.helpdesk ? html`<li><a href="${v.helpdesk}">${t.helpdesk}</a></li>` : ''}
      </ul>
      <nav aria-label="${t.language}">
        <ul>
          ${supportedLocales.map((l) =>
            l === v.locale
              ? html`<li><a href="${href(path, v, l)}" lang="${l}" aria-current="true">${portalStrings[l].name}</a></li>`
              : html`<li><a href="${href(path, v, l)}" lang="${l}" hreflang="${l}">${portalStrings[l].name}</a></li>`,
          )}
        </ul>
      </nav>
    </footer>
  </body>
</html>`;
}

/** The widget's element for an entry, drawn at once (`open`), with the user name when the link carried one. */
function flowElement(element: string, username: string | undefined) {
  const user = username ? html` username="${username}"` : '';
  // The element names are the portal's own constants; hono's html escapes only values.
  if (element === 'regain-reset') return html`<regain-reset open${user}></regain-reset>`;
  if (element === 'regain-register') return html`<regain-register open${user}></regain-register>`;
  return html`<regain-change-password open${user}></regain-change-password>`;
}
