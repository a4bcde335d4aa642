// Email HTML: the same localized text, every var escaped, only vetted tags, an https-only logo, the code shown large.
import { describe, expect, it } from 'vitest';
import { type EmailHtmlInput, renderEmailHtml } from '../../../../server/delivery/html/email.ts';
import { displayText, escapeHtml, safeImageUrl } from '../../../../server/delivery/html/escape.ts';
import { render, supportedLocales } from '../../../../server/delivery/templates.ts';
import { messageKinds } from '../../../../server/delivery/types.ts';

const code = '482139';
const hostile = `<img src=x onerror=alert(1)> "Evil" & 'Co' </td></table><script>x</script>`;

function email(kind: (typeof messageKinds)[number], locale: string, org: string): EmailHtmlInput {
  const out = render({
    kind,
    channel: 'email',
    locale,
    vars: {
      org,
      method: 'alternateEmail',
      change: 'changed',
      contact: 'b****@p*******.example',
      helpdesk: 'https://help.contoso.example/?a=1&b=<2>',
      ref: 'evt-<42>',
    },
    code,
    minutes: 10,
  });
  return { locale, subject: out.subject!, text: out.text, brand: { name: org }, code };
}

/** What a reader sees in the body: tags dropped, entities decoded, whitespace collapsed. */
function visible(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return body
    .replace(/<br>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const allowedAttributes = new Set([
  'lang',
  'dir',
  'charset',
  'name',
  'content',
  'style',
  'role',
  'width',
  'height',
  'cellpadding',
  'cellspacing',
  'border',
  'align',
  'src',
  'alt',
  'referrerpolicy',
]);

const allowedTags = new Set([
  'html',
  'head',
  'meta',
  'title',
  'body',
  'table',
  'tr',
  'td',
  'p',
  'span',
  'br',
  'img',
]);

describe('renderEmailHtml', () => {
  it('shows exactly the localized text under the organization name, for every kind and locale', () => {
    for (const locale of supportedLocales)
      for (const kind of messageKinds) {
        const input = email(kind, locale, 'Contoso');
        const html = renderEmailHtml(input);
        expect(visible(html), `${locale} ${kind}`).toBe(`Contoso ${input.text.replace(/\s+/g, ' ').trim()}`);
        expect(html).toContain(`<html lang="${locale}" dir="ltr">`);
      }
  });

  it('escapes every var: a hostile organization name adds no tag, attribute or entity', () => {
    for (const locale of supportedLocales)
      for (const kind of messageKinds) {
        const input = {
          ...email(kind, locale, hostile),
          brand: { name: hostile, logoUrl: 'https://x.example/l.png' },
        };
        const html = renderEmailHtml(input);
        // Every `<` opens one of the vetted tags with vetted attributes, each value quoted and free of quotes.
        for (const [tag] of html.matchAll(/<[^>]*>?/g)) {
          const m = /^<\/?([a-z]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>$/.exec(tag);
          if (tag === '<!DOCTYPE html>') continue;
          expect(m, tag).not.toBeNull();
          expect(allowedTags).toContain(m![1]);
          for (const [, attr] of m![2]!.matchAll(/([a-z-]+)="/g)) expect(allowedAttributes).toContain(attr);
        }
        expect(html).not.toMatch(/<script|<img src=x/i);
        expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Evil&quot; &amp; &#39;Co&#39;');
        expect(html.match(/<img /g)).toHaveLength(1);
        expect(html).toContain('<img src="https://x.example/l.png" alt="&lt;img src=x');
        // No attribute carries anything but constants and escaped values: style attributes hold no var.
        for (const m of html.matchAll(/style="([^"]*)"/g)) expect(m[1]).not.toMatch(/Evil|alert|Contoso/);
      }
  });

  it('shows the code large in its own box and leaves other indented lines as a callout', () => {
    const html = renderEmailHtml(email('reset_code', 'en', 'Contoso'));
    expect(html).toMatch(new RegExp(`<span style="[^"]*font-size:28px[^"]*">${code}</span>`));
    const notice = renderEmailHtml(email('contact_changed', 'en', 'Contoso'));
    expect(notice).not.toContain('font-size:28px');
    expect(notice).toMatch(
      /border-left:3px solid #d1d5db;">Changed: alternate email \(b\*\*\*\*@p\*\*\*\*\*\*\*\.example\)<\/p>/,
    );
    // A code that is not alone on its indented line is never restyled or added.
    const other = renderEmailHtml({ ...email('reset_code', 'en', 'Contoso'), code: '999999' });
    expect(other).not.toContain('999999');
  });

  it('puts the last paragraph (the sender notice) in the footer', () => {
    const html = renderEmailHtml(email('password_changed', 'en', 'Contoso'));
    expect(html).toMatch(
      /border-top:1px solid #e5e7eb;[^"]*">This message was sent by the Contoso password reset service\. Replies are not read\.<\/td>/,
    );
  });

  it('keeps an unusable locale and a missing brand name safe', () => {
    const html = renderEmailHtml({
      ...email('password_changed', 'en', 'Contoso'),
      locale: 'en"><x',
      brand: { name: '  ' },
    });
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('>Regain</p>');
  });
});

describe('escaping helpers', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('lets only https logo URLs without credentials through', () => {
    expect(safeImageUrl('https://cdn.contoso.example/logo.png')).toBe('https://cdn.contoso.example/logo.png');
    for (const bad of [
      undefined,
      '',
      'http://cdn.contoso.example/logo.png',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'https://user:pw@cdn.contoso.example/logo.png',
      '//cdn.contoso.example/logo.png',
      `https://x.example/${'a'.repeat(2100)}`,
    ])
      expect(safeImageUrl(bad), String(bad).slice(0, 40)).toBeUndefined();
  });

  it('makes single-line display text: no line breaks, no bidi overrides, capped', () => {
    expect(displayText('Contoso\r\nBcc: x@evil.example', 100)).toBe('Contoso Bcc: x@evil.example');
    expect(displayText('Con\u202Etoso', 100)).toBe('Contoso');
    expect(displayText('x'.repeat(200), 100)).toHaveLength(100);
    expect(displayText(undefined, 10)).toBe('');
  });
});
