// GET / and /reset, /register, /change: the self-service portal a helpdesk gives a locked-out user, and the page
// rollout emails link to; its stylesheets at /palette.css (shared with the console) and /portal.css. Served under
// a CSP of 'self' with no inline code.
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { matchAcceptLanguage, matchLocale } from '../../../api/locales.ts';
import { type PortalEntry, portalEntries, portalPage } from '../../portal/portal-page.ts';
import type { Services } from '../../services.ts';
import type { Env } from '../env.ts';

const css = readFileSync(new URL('../../portal/portal.css', import.meta.url), 'utf8');
const palette = readFileSync(new URL('../../portal/palette.css', import.meta.url), 'utf8');

/** Scripts and styles from the service only; images from anywhere over https (the organization's logo URL). */
export const portalCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https: data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

export function portalRoutes(app: Hono<Env>, s: Services): void {
  const show = (entry: PortalEntry | null) =>
    app.get(entry ? `/${entry}` : '/', async (c) => {
      const p = await s.policies.get();
      const asked = matchLocale(c.req.query('lang'));
      const locale = asked ?? matchAcceptLanguage(c.req.header('accept-language')) ?? 'en';
      const username = c.req.query('username')?.trim().slice(0, 256) || undefined;
      const page = await portalPage({
        locale,
        langAsked: asked !== null,
        organization: p.organization,
        helpdesk: p.helpdesk.url ?? null,
        entry,
        username,
      });
      c.header('Content-Security-Policy', portalCsp);
      c.header('Cache-Control', 'no-store');
      c.header('Vary', 'Accept-Language');
      return c.html(page);
    });
  show(null);
  for (const entry of Object.keys(portalEntries) as PortalEntry[]) show(entry);

  // Browsers ask for it on every page they show (the JSON ones too): an empty answer, not a 404 in the console.
  app.get('/favicon.ico', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(null, 204);
  });
  app.get('/portal.css', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  app.get('/palette.css', async (c) => {
    const accent = (await s.policies.get()).organization.accent;
    // The accent comes from the policy, so it is a stylesheet the service writes, never an inline style.
    const theme = accent ? `:root{--regain-accent:${accent}}\n` : '';
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(theme + palette, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
}
