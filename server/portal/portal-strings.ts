// The portal's own words in every language the widget speaks; the entries' names come from api/link-labels.ts,
// so the portal, the widget's links and the extension name each flow alike.
import type { Locale } from '../../api/locales.ts';

export interface PortalStrings {
  /** The start page's heading. */
  title: string;
  intro: string;
  /** The label of the list of entries (a landmark). */
  entries: string;
  back: string;
  helpdesk: string;
  /** The label of the language list. */
  language: string;
  /** The language's own name, as the list shows it. */
  name: string;
}

export const portalStrings: Record<Locale, PortalStrings> = {
  en: {
    title: 'Password self-service',
    intro: 'What would you like to do?',
    entries: 'Self-service',
    back: 'Back to the start',
    helpdesk: 'Contact your helpdesk',
    language: 'Language',
    name: 'English',
  },
  de: {
    title: 'Kennwort-Self-Service',
    intro: 'Was möchten Sie tun?',
    entries: 'Self-Service',
    back: 'Zurück zum Anfang',
    helpdesk: 'Wenden Sie sich an Ihren Helpdesk',
    language: 'Sprache',
    name: 'Deutsch',
  },
  fr: {
    title: 'Libre-service des mots de passe',
    intro: 'Que souhaitez-vous faire\u00a0?',
    entries: 'Libre-service',
    back: 'Retour au début',
    helpdesk: 'Contacter votre support',
    language: 'Langue',
    name: 'Français',
  },
  es: {
    title: 'Autoservicio de contraseñas',
    intro: '¿Qué desea hacer?',
    entries: 'Autoservicio',
    back: 'Volver al inicio',
    helpdesk: 'Contacte con su servicio de asistencia',
    language: 'Idioma',
    name: 'Español',
  },
  ja: {
    title: 'パスワードのセルフサービス',
    intro: '何をしますか?',
    entries: 'セルフサービス',
    back: '最初に戻る',
    helpdesk: 'ヘルプデスクに問い合わせる',
    language: '言語',
    name: '日本語',
  },
  ar: {
    title: 'الخدمة الذاتية لكلمة المرور',
    intro: 'ماذا تريد أن تفعل؟',
    entries: 'الخدمة الذاتية',
    back: 'العودة إلى البداية',
    helpdesk: 'اتصل بمكتب المساعدة',
    language: 'اللغة',
    name: 'العربية',
  },
};
