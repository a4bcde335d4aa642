// The extension's languages: complete catalogs for the link, the pages and the manifest, and how a language is chosen.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkLabels } from '../../api/link-labels.ts';
import { applyLocale, pickLocale, uiLanguage } from '../../extension/i18n/locale.ts';
import { localizePage } from '../../extension/i18n/localize-page.ts';
import { manifestCatalogs, messagesJson } from '../../extension/i18n/manifest-strings.ts';
import { languageNames, pageCatalogs, pageText } from '../../extension/i18n/page-strings.ts';
import { statusText } from '../../extension/pages/status-text.ts';
import { supportedLocales } from '../../widget/i18n/locale.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have the link texts in every language the widget speaks, shared with the widget', () => {
    expect(Object.keys(linkLabels).sort()).toEqual([...supportedLocales].sort());
    for (const l of supportedLocales)
      for (const text of Object.values(linkLabels[l])) expect(text.trim(), l).not.toBe('');
    expect(linkLabels.de.help).toBe('Sie können nicht auf Ihr Konto zugreifen?');
  });

  it('give every page key in every language, with the same placeholders as English', () => {
    expect(Object.keys(pageCatalogs).sort()).toEqual([...supportedLocales].sort());
    const keys = Object.keys(pageCatalogs.en).sort();
    for (const l of supportedLocales) {
      const c = pageCatalogs[l];
      expect(Object.keys(c).sort(), l).toEqual(keys);
      for (const k of keys) {
        const text = c[k as keyof typeof c];
        expect(text.trim(), `${l} ${k}`).not.toBe('');
        expect(placeholders(text), `${l} ${k}`).toEqual(placeholders(pageCatalogs.en[k as keyof typeof c]));
      }
      expect(languageNames[l]).toBeTruthy();
    }
  });

  it('fill placeholders as text and leave unknown ones visible', () => {
    expect(pageText('en', 'status.due', { user: '<b>carol</b>' })).toBe(
      '<b>carol</b>: recovery info needs attention.',
    );
    expect(pageText('en', 'status.due')).toBe('{user}: recovery info needs attention.');
  });

  it('name and describe the extension in every language, within AMO’s 45-character name limit', () => {
    expect(Object.keys(manifestCatalogs).sort()).toEqual([...supportedLocales].sort());
    for (const l of supportedLocales) {
      const m = JSON.parse(messagesJson(l)) as Record<string, { message: string }>;
      expect(Object.keys(m).sort(), l).toEqual(['extDescription', 'extName']);
      expect(m.extName?.message.length, l).toBeLessThanOrEqual(45);
      expect(m.extDescription?.message.length, l).toBeLessThanOrEqual(132);
    }
  });
});

describe('choosing the language', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('takes the setting first, then the browser, then English', () => {
    expect(pickLocale('fr', 'de-DE')).toBe('fr');
    expect(pickLocale('', 'de-DE')).toBe('de');
    expect(pickLocale(undefined, 'ja')).toBe('ja');
    // An unsupported setting doesn't force English on a user whose browser speaks a supported language.
    expect(pickLocale('it', 'es-MX')).toBe('es');
    expect(pickLocale('it', 'pt-BR')).toBe('en');
    expect(pickLocale(undefined, undefined)).toBe('en');
  });

  it('matches regional tags by their language', () => {
    expect(pickLocale('de-AT', 'en-US')).toBe('de');
    expect(pickLocale(undefined, 'ar-EG')).toBe('ar');
    expect(pickLocale('FR-ca', undefined)).toBe('fr');
  });

  it("reads the browser's UI language from the extension API, else the navigator", () => {
    vi.stubGlobal('chrome', { i18n: { getUILanguage: () => 'de-AT' } });
    expect(uiLanguage()).toBe('de-AT');
    vi.stubGlobal('chrome', undefined);
    vi.stubGlobal('navigator', { language: 'ja-JP' });
    expect(uiLanguage()).toBe('ja-JP');
  });

  it('writes Arabic right to left and the others left to right', () => {
    const root = { lang: '', dir: '' } as HTMLElement;
    applyLocale(root, 'ar');
    expect([root.lang, root.dir]).toEqual(['ar', 'rtl']);
    applyLocale(root, 'de');
    expect([root.lang, root.dir]).toEqual(['de', 'ltr']);
  });

  it('rewrites every marked element of a page, repeatably', () => {
    const button = { dataset: { i18n: 'popup.reset' }, textContent: 'Reset my password' };
    const unknown = { dataset: { i18n: 'no.such.key' }, textContent: 'kept' };
    const root = { lang: 'en', dir: 'ltr' };
    const doc = { documentElement: root, querySelectorAll: () => [button, unknown] } as unknown as Document;
    localizePage(doc, 'ar');
    expect([root.lang, root.dir, button.textContent, unknown.textContent]).toEqual([
      'ar',
      'rtl',
      'إعادة تعيين كلمة المرور',
      'kept',
    ]);
    localizePage(doc, 'de');
    expect([root.dir, button.textContent]).toEqual(['ltr', 'Mein Passwort zurücksetzen']);
  });

  it("words the popup's status in the language, isolating a Latin user name in Arabic", () => {
    const entry = {
      username: 'carol',
      confirmedAt: Date.UTC(2026, 0, 5),
      snoozedUntil: null,
      promptedAt: null,
    };
    expect(statusText(entry, Date.UTC(2026, 0, 6), 'de')).toMatch(/^carol: Wiederherstellungsdaten aktuell/);
    expect(statusText(entry, Date.UTC(2026, 0, 6), 'ar')).toMatch(/^\u2068carol\u2069: معلومات الاسترداد/);
    expect(statusText(null, 0, 'ja')).toMatch(/^登録状況/);
  });
});
