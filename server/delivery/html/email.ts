// Email HTML: the localized text of a message as a small branded page, inline styles only, every var escaped.
import { displayText, escapeHtml, safeImageUrl } from './escape.ts';

/** The organization a message is sent for, as the HTML header shows it. */
export interface EmailBrand {
  /** Display name; cleaned and capped here. */
  name: string;
  /** An https image URL; anything else is left out. */
  logoUrl?: string | undefined;
}

export interface EmailHtmlInput {
  /** The negotiated locale (`en`, `fr`, `de`), for `<html lang>`. */
  locale?: string | undefined;
  subject: string;
  /** The message's localized text: paragraphs separated by blank lines, the code on a line indented by 4 spaces. */
  text: string;
  brand: EmailBrand;
  /** The one-time code the text carries, so its paragraph can be shown large; it is never added, only restyled. */
  code?: string | undefined;
}

/** Long enough for the policy's 100-character organization names. */
export const brandNameMaxLength = 100;

const fontStack = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const monoStack = "Consolas,'SF Mono',Menlo,'Liberation Mono',monospace";

const styles = {
  body: 'margin:0;padding:0;background-color:#f3f4f6;',
  outer: 'background-color:#f3f4f6;',
  outerCell: 'padding:24px 12px;',
  card: 'max-width:560px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;',
  header: `padding:24px 32px 8px 32px;font-family:${fontStack};`,
  logo: 'display:block;height:40px;width:auto;max-width:200px;border:0;margin:0 0 12px 0;',
  org: 'margin:0;font-size:18px;line-height:1.4;font-weight:600;color:#111827;',
  content: `padding:8px 32px 16px 32px;font-family:${fontStack};font-size:15px;line-height:1.55;color:#1f2937;`,
  p: 'margin:0 0 16px 0;',
  code:
    `display:inline-block;padding:12px 20px;font-family:${monoStack};font-size:28px;line-height:1.2;` +
    'font-weight:700;letter-spacing:4px;color:#111827;background-color:#f3f4f6;border-radius:6px;',
  callout: 'margin:0 0 16px 0;padding:8px 12px;background-color:#f9fafb;border-left:3px solid #d1d5db;',
  footer: `padding:16px 32px 24px 32px;border-top:1px solid #e5e7eb;font-family:${fontStack};font-size:12px;line-height:1.5;color:#6b7280;`,
} as const;

/**
 * Renders the HTML alternative of an email: the same localized text as the text part, paragraph by
 * paragraph (nothing added but the organization's name and logo), the code shown large, the last
 * paragraph (the sender notice) as a footer. No scripts, forms, external styles, links or tracking: the
 * only remote resource is the organization's own logo, when it has an https one.
 */
export function renderEmailHtml(input: EmailHtmlInput): string {
  const org = displayText(input.brand.name, brandNameMaxLength) || 'Regain';
  const logo = safeImageUrl(input.brand.logoUrl);
  const lang = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(input.locale ?? '') ? input.locale! : 'en';
  const paragraphs = input.text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .filter((p) => p.trim() !== '');
  const footer = paragraphs.length > 1 ? paragraphs.pop() : undefined;
  const body = paragraphs.map((p) => paragraph(p, input.code)).join('\n');
  const e = escapeHtml;
  return [
    '<!DOCTYPE html>',
    `<html lang="${e(lang)}" dir="ltr">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${e(displayText(input.subject, 300))}</title>`,
    '</head>',
    `<body style="${styles.body}">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${styles.outer}">`,
    `<tr><td align="center" style="${styles.outerCell}">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${styles.card}">`,
    `<tr><td style="${styles.header}">`,
    ...(logo
      ? [
          `<img src="${e(logo)}" alt="${e(org)}" height="40" referrerpolicy="no-referrer" style="${styles.logo}">`,
        ]
      : []),
    `<p style="${styles.org}">${e(org)}</p>`,
    '</td></tr>',
    `<tr><td style="${styles.content}">`,
    body,
    '</td></tr>',
    ...(footer === undefined ? [] : [`<tr><td style="${styles.footer}">${lines(footer)}</td></tr>`]),
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function paragraph(text: string, code: string | undefined): string {
  const indented = text.split('\n').every((l) => /^ {4}/.test(l));
  if (!indented) return `<p style="${styles.p}">${lines(text)}</p>`;
  const inner = text.trim();
  // The code stays one run of digits in the markup (spacing is CSS only), so copy and paste give it whole.
  if (code !== undefined && inner === code)
    return `<p style="${styles.p}"><span style="${styles.code}">${escapeHtml(inner)}</span></p>`;
  return `<p style="${styles.callout}">${lines(inner)}</p>`;
}

/** Escaped lines of one paragraph, joined by line breaks. */
function lines(text: string): string {
  return text
    .split('\n')
    .map((l) => escapeHtml(l.trim()))
    .join('<br>');
}
