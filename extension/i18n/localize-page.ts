// Puts an extension page into one language: `lang` and `dir` on its root, and the text of every element marked `data-i18n`.
import { applyLocale, type Locale } from './locale.ts';
import { type PageKey, pageCatalogs, pageText } from './page-strings.ts';

const isKey = (k: string | undefined): k is PageKey => k !== undefined && k in pageCatalogs.en;

/**
 * The pages' HTML carries the English text (what shows if the script fails) and `data-i18n="<key>"` on each
 * element whose whole text is one string; the `<title>` and the elements of `root` are rewritten in place.
 * Runs again when the setting arrives, so it must be repeatable.
 */
export function localizePage(doc: Document, locale: Locale): void {
  applyLocale(doc.documentElement, locale);
  for (const el of doc.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n;
    if (isKey(key)) el.textContent = pageText(locale, key);
  }
}
