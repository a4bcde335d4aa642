// Which language the extension speaks: its `locale` setting, else the browser's UI language, matched like the widget.
import { dirFor, type Locale, matchLocale } from '../../widget/i18n/locale.ts';

export type { Locale };

/** The extension APIs' UI language where they exist (`chrome` is defined in Firefox's extension contexts too). */
declare const chrome: { i18n?: { getUILanguage?(): string } } | undefined;

/**
 * The language of the browser's own interface, which is what the user reads menus in: `i18n.getUILanguage()`
 * in extension contexts, `navigator.language` otherwise (and in tests).
 */
export function uiLanguage(): string | undefined {
  try {
    const ui = typeof chrome === 'undefined' ? undefined : chrome?.i18n?.getUILanguage?.();
    if (ui) return ui;
  } catch {
    // A context without the i18n API: the navigator's language is the next best guess.
  }
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

/**
 * The setting (managed policy or options page) if it names a supported language, else the browser's, else
 * English. Matching is the widget's (`de-AT` → `de`), so the extension's pages and the flows they host agree.
 */
export function pickLocale(
  setting: string | null | undefined,
  browserLanguage: string | null | undefined,
): Locale {
  return matchLocale(setting) ?? matchLocale(browserLanguage) ?? 'en';
}

/** Sets `lang` and `dir` on a page's root, so screen readers, fonts and layout follow the language. */
export function applyLocale(root: HTMLElement, locale: Locale): void {
  root.lang = locale;
  root.dir = dirFor(locale);
}
