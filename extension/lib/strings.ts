// The one string the content script shows on sign-in pages, in every language the widget speaks.
// It stays a plain record (no formatting, no lazy loading): the content script runs on sign-in pages, so it is kept tiny.
import type { Locale } from '../i18n/locale.ts';

export interface ContentStrings {
  help: string;
}

/** Typed by `Locale`, so a language added to the widget without a link text here fails to compile. */
export const contentCatalogs: Record<Locale, ContentStrings> = {
  en: { help: "Can't access your account?" },
  de: { help: 'Sie können nicht auf Ihr Konto zugreifen?' },
  fr: { help: 'Vous ne pouvez pas accéder à votre compte\u00a0?' },
  es: { help: '¿No puede acceder a su cuenta?' },
  ja: { help: 'アカウントにアクセスできない場合' },
  ar: { help: 'لا يمكنك الوصول إلى حسابك؟' },
};

/** The catalog for a language already matched to the supported set (`pickLocale`). */
export function contentStrings(locale: Locale): ContentStrings {
  return contentCatalogs[locale];
}
