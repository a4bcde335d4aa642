// HTML escaping and URL vetting for email HTML: every var is escaped, only an https logo URL gets through.

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for an HTML text node or a quoted attribute value. Quotes are escaped too, so the same
 * function is safe in both places and no caller has to pick the right one.
 * @example escapeHtml('<script>"x"</script>') // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/**
 * The logo URL as it may appear in an `<img src>`, or undefined when it must not: only absolute https
 * URLs without credentials, so a `javascript:` or `data:` URL, a cleartext fetch or a password in the
 * URL never reach a mail client. The URL is used as the organization gave it: nothing per recipient is
 * added, so loading it tells the host no more than that some message was opened.
 */
export function safeImageUrl(url: string | undefined): string | undefined {
  if (!url || url.length > 2048) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '') return undefined;
  return u.href;
}

/**
 * A var as single-line display text, like the text templates make theirs: control and line-break
 * characters become spaces (no header injection through a From name), bidirectional overrides are
 * dropped (no reordered text), and the length is capped.
 */
export function displayText(value: string | undefined, max: number): string {
  if (value === undefined) return '';
  return Array.from(
    value
      .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
      .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, max)
    .join('')
    .trim();
}
