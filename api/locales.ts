// The languages Regain's pages speak (the widget, the extension, the portal): the supported set, matching BCP 47
// tags to it, and writing direction. Plain data, shared by the widget and the service.

/** Languages with a catalog; in the widget English is built in, the others load lazily (widget/i18n/load.ts). */
export const supportedLocales = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
export type Locale = (typeof supportedLocales)[number];

/** Scripts written right to left, by primary language subtag; only `ar` has a catalog today. */
const rtl: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** Matches one BCP 47 tag to a supported language by its primary subtag (`de-AT` → `de`); `null` if none. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return (supportedLocales as readonly string[]).includes(primary ?? '') ? (primary as Locale) : null;
}

/** The `dir` attribute for a language: `rtl` for Arabic (and Hebrew, Persian, Urdu… should they be added). */
export function dirFor(locale: string): 'ltr' | 'rtl' {
  return rtl.has(locale.split(/[-_]/)[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

/** The first supported language of an Accept-Language value, by its order (q-values sorted); `null` if none. */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  const tags = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((x) => x.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const t of tags) {
    const hit = matchLocale(t.tag);
    if (hit) return hit;
  }
  return null;
}
