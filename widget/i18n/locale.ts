// Which language the widget speaks: the supported set, matching BCP 47 tags to it, and writing direction.

import { type Locale, matchLocale } from '../../api/locales.ts';

export { dirFor, type Locale, matchLocale, supportedLocales } from '../../api/locales.ts';

/** The nearest `lang` attribute on `el` or an ancestor, crossing shadow roots to their hosts. */
function nearestLang(el: Element): string | null {
  let at: Element | null = el;
  while (at) {
    // `lang=""` means "unknown" (HTML), so it gives no answer and the search goes on.
    const found: Element | null = at.closest('[lang]:not([lang=""])');
    if (found) return found.getAttribute('lang');
    const root = at.getRootNode();
    at = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * The language for a widget mounted on `el`: an explicit `preferred` tag if supported, then the element's
 * nearest `lang`, then the page's `<html lang>`, then the browser's languages in order; English if none
 * of them is supported. An unsupported tag is skipped, not fatal: `<div lang="it">` on a German browser
 * gives German, which the user reads, rather than English.
 */
export function resolveLocale(el: Element, preferred?: string): Locale {
  const nav =
    typeof navigator === 'undefined'
      ? []
      : navigator.languages?.length
        ? navigator.languages
        : [navigator.language];
  const candidates = [
    preferred,
    nearestLang(el),
    el.ownerDocument.documentElement.getAttribute('lang'),
    ...nav,
  ];
  for (const tag of candidates) {
    const hit = matchLocale(tag);
    if (hit) return hit;
  }
  return 'en';
}
