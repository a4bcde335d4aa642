// The extension's name and description as browsers list them (extensions page, add-ons manager), per language.
// vite.config.ts writes them as `_locales/<lang>/messages.json`; manifest.json names them as `__MSG_…__`.
import type { Locale } from './locale.ts';

export interface ManifestStrings {
  /** At most 45 characters: AMO's limit, stricter than Chrome's 75. */
  extName: string;
  /** At most 132 characters: the Chrome Web Store's limit. */
  extDescription: string;
}

/** `default_locale` in manifest.json; browsers fall back to it for languages without a folder. */
export const manifestDefaultLocale: Locale = 'en';

export const manifestCatalogs: Record<Locale, ManifestStrings> = {
  en: {
    extName: 'Regain — password reset',
    extDescription:
      'Adds "Can\'t access your account?" and recovery-info prompts to your organization\'s sign-in pages.',
  },
  de: {
    extName: 'Regain – Passwort zurücksetzen',
    extDescription:
      'Ergänzt die Anmeldeseiten Ihrer Organisation um „Sie können nicht auf Ihr Konto zugreifen?“ und Hinweise zu Wiederherstellungsdaten.',
  },
  fr: {
    extName: 'Regain — mot de passe oublié',
    extDescription:
      'Ajoute « Vous ne pouvez pas accéder à votre compte ? » et des rappels sur vos informations de récupération aux pages de connexion.',
  },
  es: {
    extName: 'Regain — restablecer contraseña',
    extDescription:
      'Añade «¿No puede acceder a su cuenta?» y avisos sobre datos de recuperación a las páginas de inicio de sesión de su organización.',
  },
  ja: {
    extName: 'Regain — パスワードのリセット',
    extDescription:
      '組織のサインイン ページに「アカウントにアクセスできない場合」のリンクと、復旧用の情報の登録案内を追加します。',
  },
  ar: {
    extName: 'Regain — إعادة تعيين كلمة المرور',
    extDescription:
      'يضيف «لا يمكنك الوصول إلى حسابك؟» وتذكيرات بمعلومات الاسترداد إلى صفحات تسجيل الدخول في مؤسستك.',
  },
};

/** One language's `messages.json` (the chrome.i18n format: `{ key: { message } }`). */
export function messagesJson(locale: Locale): string {
  const c = manifestCatalogs[locale];
  const out: Record<string, { message: string }> = {};
  for (const [k, message] of Object.entries(c)) out[k] = { message };
  return `${JSON.stringify(out, null, 2)}\n`;
}
