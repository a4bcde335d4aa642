// The self-service portal at the service root: its pages, languages, branding, CSP, escaping, and the password
// session its registration entry opens from the service's own origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkLabels } from '../../../api/link-labels.ts';
import { portalStrings } from '../../../server/portal/portal-strings.ts';
import { setPolicy, startService, type TestService } from '../../helpers/service.ts';

let t: TestService;
beforeAll(async () => {
  t = await startService();
});
afterAll(async () => t?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(t.url + path, { headers });

describe('portal', () => {
  it('answers GET / with the three entries, branded, under a CSP of self with no inline code', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    const page = await res.text();
    expect(page).toContain('<html lang="en" dir="ltr">');
    expect(page).toContain('Contoso');
    for (const [path, label] of [
      ['/reset', linkLabels.en.reset],
      ['/register', linkLabels.en.register],
      ['/change', linkLabels.en.change],
    ])
      expect(page).toContain(`<a href="${path}">${label}</a>`);
    // No inline script or style anywhere: every script has a src, no style element or attribute.
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|\sstyle=/);
    // The start page needs no script at all.
    expect(page).not.toContain('<script');
  });

  it('draws each entry with the widget element, opened, and the user name from the link (escaped)', async () => {
    for (const [path, element] of [
      ['/reset', 'regain-reset'],
      ['/register', 'regain-register'],
      ['/change', 'regain-change-password'],
    ]) {
      const page = await (await get(`${path}?username=alice`)).text();
      expect(page, path).toContain(`<${element} open username="alice"></${element}>`);
      expect(page, path).toContain('<script src="/widget/regain.js" defer></script>');
      expect(page, path).toContain('<a href="/">Back to the start</a>');
    }
    const hostile = await (
      await get(`/reset?username=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`)
    ).text();
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).toContain('username="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('speaks the language asked for, then Accept-Language, then English; Arabic right to left', async () => {
    const de = await (await get('/?lang=de')).text();
    expect(de).toContain('<html lang="de" dir="ltr">');
    expect(de).toContain(portalStrings.de.title);
    // Links keep a language that was asked for.
    expect(de).toContain(`<a href="/reset?lang=de">${linkLabels.de.reset}</a>`);
    const ja = await (await get('/', { 'accept-language': 'it;q=0.9, ja;q=0.8, en;q=0.1' })).text();
    expect(ja).toContain('<html lang="ja" dir="ltr">');
    expect(ja).toContain(`<a href="/reset">${linkLabels.ja.reset}</a>`);
    const ar = await (await get('/change?lang=ar')).text();
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    const unknown = await (await get('/?lang=xx', { 'accept-language': 'xx' })).text();
    expect(unknown).toContain('<html lang="en" dir="ltr">');
    // Every language the widget has is offered, each in its own name.
    for (const s of Object.values(portalStrings)) expect(de).toContain(`>${s.name}</a>`);
  });

  it('shows the helpdesk link and the logo from the policy, and the accent in its stylesheet', async () => {
    await setPolicy(t, {
      helpdesk: { url: 'https://help.contoso.example/' },
      organization: { logoUrl: 'https://contoso.example/logo.svg', accent: '#7a1fa2' },
    });
    const page = await (await get('/')).text();
    expect(page).toContain('<a href="https://help.contoso.example/">Contact your helpdesk</a>');
    expect(page).toContain('<img src="https://contoso.example/logo.svg" alt="" />');
    const css = await get('/palette.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toMatch(/^:root\{--regain-accent:#7a1fa2\}/);
  });

  it('answers /favicon.ico with an empty 204, so no browser logs a 404 for it', async () => {
    const res = await get('/favicon.ico');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('refuses an accent that is not a colour (it would be written into a stylesheet)', async () => {
    const res = await t.api.call(
      'PATCH',
      '/v1/admin/policy',
      { organization: { accent: 'red;}body{display:none' } },
      { token: t.adminKey },
    );
    expect(res.status).toBe(422);
    expect(await (await get('/palette.css')).text()).not.toContain('display:none');
  });
});
