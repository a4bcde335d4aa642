// The text of the extension's own pages (popup, options, the frame around flows), in every language the widget speaks.
// English defines the keys; every other catalog is typed by them, so a missing or misspelt key fails to compile.
import type { Locale } from './locale.ts';

const en = {
  close: 'Close',
  'flow.nothing': 'There is nothing to show here. Open Regain from its toolbar button.',
  'popup.username': 'User name',
  'popup.reset': 'Reset my password',
  'popup.registration': 'Update my recovery info',
  'popup.change': 'Change my password',
  'popup.unconfigured': "Regain isn't set up yet. Please ask your helpdesk, or open the options.",
  'popup.options': 'Options',
  'status.unchecked': 'Registration status: not checked yet. "Update my recovery info" checks it.',
  'status.snoozed': '{user}: registration reminder snoozed until {date}.',
  'status.current': '{user}: recovery info up to date (checked {date}).',
  'status.due': '{user}: recovery info needs attention.',
  'options.title': 'Regain options',
  'options.intro':
    'Values your organization sets by policy are shown read-only and take precedence over yours.',
  'options.serviceUrl': 'Service URL',
  'options.signInPages': 'Sign-in pages (JSON)',
  'options.presets': 'Presets (comma-separated: microsoft-entra, google, okta, keycloak)',
  'options.registrationPrompt': 'Prompt to register recovery info after sign-in',
  'options.surface': 'Open flows in',
  'options.surfacePopup': 'A popup window',
  'options.surfaceOverlay': 'An overlay on the page',
  'options.language': 'Language',
  'options.languageAuto': 'Same as the browser',
  'options.save': 'Save',
  'options.saved': 'Saved.',
  'options.badJson': 'Sign-in pages: this is not valid JSON.',
  'options.managed': 'Set by your organization',
  'options.effective': 'Effective configuration',
} as const;

export type PageKey = keyof typeof en;
export type PageCatalog = Record<PageKey, string>;

const de: PageCatalog = {
  close: 'Schließen',
  'flow.nothing':
    'Hier gibt es nichts anzuzeigen. Öffnen Sie Regain über die Schaltfläche in der Symbolleiste.',
  'popup.username': 'Benutzername',
  'popup.reset': 'Mein Passwort zurücksetzen',
  'popup.registration': 'Meine Wiederherstellungsdaten aktualisieren',
  'popup.change': 'Mein Passwort ändern',
  'popup.unconfigured':
    'Regain ist noch nicht eingerichtet. Bitte wenden Sie sich an Ihren Helpdesk oder öffnen Sie die Einstellungen.',
  'popup.options': 'Einstellungen',
  'status.unchecked':
    'Registrierungsstatus: noch nicht geprüft. „Meine Wiederherstellungsdaten aktualisieren“ prüft ihn.',
  'status.snoozed': '{user}: Erinnerung an die Registrierung bis {date} zurückgestellt.',
  'status.current': '{user}: Wiederherstellungsdaten aktuell (geprüft am {date}).',
  'status.due': '{user}: Die Wiederherstellungsdaten sollten überprüft werden.',
  'options.title': 'Regain-Einstellungen',
  'options.intro':
    'Werte, die Ihre Organisation per Richtlinie festlegt, sind schreibgeschützt und haben Vorrang vor Ihren eigenen.',
  'options.serviceUrl': 'Dienst-URL',
  'options.signInPages': 'Anmeldeseiten (JSON)',
  'options.presets': 'Vorlagen (durch Kommas getrennt: microsoft-entra, google, okta, keycloak)',
  'options.registrationPrompt': 'Nach der Anmeldung zur Registrierung der Wiederherstellungsdaten auffordern',
  'options.surface': 'Abläufe öffnen in',
  'options.surfacePopup': 'einem Pop-up-Fenster',
  'options.surfaceOverlay': 'einer Einblendung über der Seite',
  'options.language': 'Sprache',
  'options.languageAuto': 'Wie im Browser',
  'options.save': 'Speichern',
  'options.saved': 'Gespeichert.',
  'options.badJson': 'Anmeldeseiten: Das ist kein gültiges JSON.',
  'options.managed': 'Von Ihrer Organisation festgelegt',
  'options.effective': 'Wirksame Konfiguration',
};

const fr: PageCatalog = {
  close: 'Fermer',
  'flow.nothing': 'Il n’y a rien à afficher ici. Ouvrez Regain depuis son bouton dans la barre d’outils.',
  'popup.username': 'Nom d’utilisateur',
  'popup.reset': 'Réinitialiser mon mot de passe',
  'popup.registration': 'Mettre à jour mes informations de récupération',
  'popup.change': 'Changer mon mot de passe',
  'popup.unconfigured':
    'Regain n’est pas encore configuré. Veuillez contacter votre assistance ou ouvrir les options.',
  'popup.options': 'Options',
  'status.unchecked':
    'État de l’enregistrement : pas encore vérifié. « Mettre à jour mes informations de récupération » le vérifie.',
  'status.snoozed': '{user} : rappel d’enregistrement reporté jusqu’au {date}.',
  'status.current': '{user} : informations de récupération à jour (vérifiées le {date}).',
  'status.due': '{user} : les informations de récupération sont à vérifier.',
  'options.title': 'Options de Regain',
  'options.intro':
    'Les valeurs définies par votre organisation sont en lecture seule et l’emportent sur les vôtres.',
  'options.serviceUrl': 'URL du service',
  'options.signInPages': 'Pages de connexion (JSON)',
  'options.presets': 'Préréglages (séparés par des virgules : microsoft-entra, google, okta, keycloak)',
  'options.registrationPrompt': 'Proposer d’enregistrer les informations de récupération après la connexion',
  'options.surface': 'Ouvrir les démarches dans',
  'options.surfacePopup': 'une fenêtre contextuelle',
  'options.surfaceOverlay': 'une superposition sur la page',
  'options.language': 'Langue',
  'options.languageAuto': 'Celle du navigateur',
  'options.save': 'Enregistrer',
  'options.saved': 'Enregistré.',
  'options.badJson': 'Pages de connexion : ce JSON n’est pas valide.',
  'options.managed': 'Défini par votre organisation',
  'options.effective': 'Configuration effective',
};

const es: PageCatalog = {
  close: 'Cerrar',
  'flow.nothing': 'No hay nada que mostrar aquí. Abra Regain desde su botón en la barra de herramientas.',
  'popup.username': 'Nombre de usuario',
  'popup.reset': 'Restablecer mi contraseña',
  'popup.registration': 'Actualizar mis datos de recuperación',
  'popup.change': 'Cambiar mi contraseña',
  'popup.unconfigured':
    'Regain aún no está configurado. Consulte con su servicio de asistencia o abra las opciones.',
  'popup.options': 'Opciones',
  'status.unchecked':
    'Estado del registro: aún sin comprobar. «Actualizar mis datos de recuperación» lo comprueba.',
  'status.snoozed': '{user}: recordatorio de registro pospuesto hasta el {date}.',
  'status.current': '{user}: datos de recuperación al día (comprobados el {date}).',
  'status.due': '{user}: conviene revisar los datos de recuperación.',
  'options.title': 'Opciones de Regain',
  'options.intro':
    'Los valores que fija su organización mediante directivas son de solo lectura y prevalecen sobre los suyos.',
  'options.serviceUrl': 'URL del servicio',
  'options.signInPages': 'Páginas de inicio de sesión (JSON)',
  'options.presets': 'Ajustes predefinidos (separados por comas: microsoft-entra, google, okta, keycloak)',
  'options.registrationPrompt': 'Proponer el registro de los datos de recuperación tras iniciar sesión',
  'options.surface': 'Abrir los trámites en',
  'options.surfacePopup': 'una ventana emergente',
  'options.surfaceOverlay': 'una capa sobre la página',
  'options.language': 'Idioma',
  'options.languageAuto': 'El del navegador',
  'options.save': 'Guardar',
  'options.saved': 'Guardado.',
  'options.badJson': 'Páginas de inicio de sesión: el JSON no es válido.',
  'options.managed': 'Establecido por su organización',
  'options.effective': 'Configuración efectiva',
};

const ja: PageCatalog = {
  close: '閉じる',
  'flow.nothing': 'ここに表示する内容はありません。ツールバーのボタンから Regain を開いてください。',
  'popup.username': 'ユーザー名',
  'popup.reset': 'パスワードをリセット',
  'popup.registration': '復旧用の情報を更新',
  'popup.change': 'パスワードを変更',
  'popup.unconfigured':
    'Regain はまだ設定されていません。ヘルプデスクにお問い合わせいただくか、オプションを開いてください。',
  'popup.options': 'オプション',
  'status.unchecked': '登録状況: まだ確認されていません。「復旧用の情報を更新」で確認できます。',
  'status.snoozed': '{user}: 登録のリマインダーは {date} まで延期されています。',
  'status.current': '{user}: 復旧用の情報は最新です ({date} に確認)。',
  'status.due': '{user}: 復旧用の情報の確認が必要です。',
  'options.title': 'Regain のオプション',
  'options.intro': '組織がポリシーで設定した値は読み取り専用で表示され、ご自身の設定より優先されます。',
  'options.serviceUrl': 'サービスの URL',
  'options.signInPages': 'サインイン ページ (JSON)',
  'options.presets': 'プリセット (カンマ区切り: microsoft-entra, google, okta, keycloak)',
  'options.registrationPrompt': 'サインイン後に復旧用の情報の登録を促す',
  'options.surface': '手続きを開く場所',
  'options.surfacePopup': 'ポップアップ ウィンドウ',
  'options.surfaceOverlay': 'ページ上のオーバーレイ',
  'options.language': '言語',
  'options.languageAuto': 'ブラウザーと同じ',
  'options.save': '保存',
  'options.saved': '保存しました。',
  'options.badJson': 'サインイン ページ: 有効な JSON ではありません。',
  'options.managed': '組織によって設定されています',
  'options.effective': '有効な構成',
};

const ar: PageCatalog = {
  close: 'إغلاق',
  'flow.nothing': 'لا يوجد ما يُعرض هنا. افتح Regain من زره في شريط الأدوات.',
  'popup.username': 'اسم المستخدم',
  'popup.reset': 'إعادة تعيين كلمة المرور',
  'popup.registration': 'تحديث معلومات الاسترداد',
  'popup.change': 'تغيير كلمة المرور',
  'popup.unconfigured': 'لم يتم إعداد Regain بعد. يُرجى التواصل مع مكتب الدعم أو فتح الخيارات.',
  'popup.options': 'الخيارات',
  'status.unchecked': 'حالة التسجيل: لم يتم التحقق منها بعد. يتحقق منها زر «تحديث معلومات الاسترداد».',
  'status.snoozed': '{user}: تم تأجيل تذكير التسجيل حتى {date}.',
  'status.current': '{user}: معلومات الاسترداد محدّثة (تم التحقق في {date}).',
  'status.due': '{user}: معلومات الاسترداد تحتاج إلى مراجعة.',
  'options.title': 'خيارات Regain',
  'options.intro': 'تُعرض القيم التي تحددها مؤسستك عبر السياسة للقراءة فقط، ولها الأولوية على قيمك.',
  'options.serviceUrl': 'عنوان URL للخدمة',
  'options.signInPages': 'صفحات تسجيل الدخول (JSON)',
  'options.presets': 'الإعدادات المسبقة (مفصولة بفواصل: microsoft-entra, google, okta, keycloak)',
  'options.registrationPrompt': 'المطالبة بتسجيل معلومات الاسترداد بعد تسجيل الدخول',
  'options.surface': 'فتح الإجراءات في',
  'options.surfacePopup': 'نافذة منبثقة',
  'options.surfaceOverlay': 'طبقة فوق الصفحة',
  'options.language': 'اللغة',
  'options.languageAuto': 'لغة المتصفح',
  'options.save': 'حفظ',
  'options.saved': 'تم الحفظ.',
  'options.badJson': 'صفحات تسجيل الدخول: هذا ليس JSON صالحًا.',
  'options.managed': 'تم تعيينه من قِبل مؤسستك',
  'options.effective': 'الإعدادات الفعلية',
};

/** Every catalog by language; `Record<Locale, …>` makes a language without a catalog a compile error too. */
export const pageCatalogs: Record<Locale, PageCatalog> = { en, de, fr, es, ja, ar };

/** Each language's name in itself, for the language choice (a user who can't read the current one finds theirs). */
export const languageNames: Record<Locale, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ja: '日本語',
  ar: 'العربية',
};

/** The text for `key`, with `{name}` placeholders filled from `vars` (values are inserted as text, never markup). */
export function pageText(locale: Locale, key: PageKey, vars: Record<string, string> = {}): string {
  return pageCatalogs[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}
