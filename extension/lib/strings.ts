// The few strings the content script shows on sign-in pages, in English, French and German.

export interface ContentStrings {
  help: string;
}

const catalogs: Record<string, ContentStrings> = {
  en: { help: "Can't access your account?" },
  fr: { help: 'Vous ne pouvez pas accéder à votre compte ?' },
  de: { help: 'Sie können nicht auf Ihr Konto zugreifen?' },
};

/** The catalog for a BCP 47 tag, by its primary language, English otherwise. */
export function contentStrings(locale: string): ContentStrings {
  const primary = locale.toLowerCase().split('-')[0] ?? 'en';
  return catalogs[primary] ?? (catalogs.en as ContentStrings);
}
