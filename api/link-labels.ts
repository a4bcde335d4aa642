// The link texts a sign-in page shows before any flow has loaded, one per language: the widget's placeholders and
// the extension's link read them from here, so the two never word the same link differently. Kept a plain record
// (no formatting, no lazy loading): both the embed script and the content script are small and load on sign-in pages.
import type { Locale } from './locales.ts';

export interface LinkLabels {
  /** The help link, in Microsoft's own wording where it has one. */
  help: string;
  reset: string;
  change: string;
  /** Registering or updating the methods a reset can use. */
  register: string;
}

/** Typed by `Locale`, so a language added to the widget without its link texts fails to compile. */
export const linkLabels: Record<Locale, LinkLabels> = {
  en: {
    help: "Can't access your account?",
    reset: 'Reset your password',
    change: 'Change your password',
    register: 'Register or update your recovery info',
  },
  de: {
    help: 'Sie können nicht auf Ihr Konto zugreifen?',
    reset: 'Passwort zurücksetzen',
    change: 'Passwort ändern',
    register: 'Wiederherstellungsdaten registrieren oder ändern',
  },
  fr: {
    help: 'Vous ne pouvez pas accéder à votre compte\u00a0?',
    reset: 'Réinitialiser votre mot de passe',
    change: 'Changer votre mot de passe',
    register: 'Enregistrer ou modifier vos informations de récupération',
  },
  es: {
    help: '¿No puede acceder a su cuenta?',
    reset: 'Restablecer la contraseña',
    change: 'Cambiar la contraseña',
    register: 'Registrar o actualizar su información de recuperación',
  },
  ja: {
    help: 'アカウントにアクセスできない場合',
    reset: 'パスワードをリセット',
    change: 'パスワードを変更',
    register: '回復用の情報を登録または更新',
  },
  ar: {
    help: 'لا يمكنك الوصول إلى حسابك؟',
    reset: 'إعادة تعيين كلمة المرور',
    change: 'تغيير كلمة المرور',
    register: 'تسجيل معلومات الاسترداد أو تحديثها',
  },
};
