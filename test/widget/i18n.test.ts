// @vitest-environment happy-dom
// The widget's languages: choosing one, complete catalogs, override precedence, direction, and English when a catalog fails.
import { h, render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en, type MessageKey, type Translate } from '../../widget/i18n/en.ts';
import { type CatalogLoaders, catalogLoaders, loadMessages } from '../../widget/i18n/load.ts';
import { dirFor, matchLocale, resolveLocale, supportedLocales } from '../../widget/i18n/locale.ts';
import { messages as ar } from '../../widget/i18n/locales/ar.ts';
import { messages as de } from '../../widget/i18n/locales/de.ts';
import { messages as es } from '../../widget/i18n/locales/es.ts';
import { messages as fr } from '../../widget/i18n/locales/fr.ts';
import { messages as ja } from '../../widget/i18n/locales/ja.ts';
import { Localized } from '../../widget/i18n/localized.tsx';
import { prepareStrings } from '../../widget/i18n/prepare.ts';
import { layeredTranslator, organizationStrings } from '../../widget/i18n/translate.ts';

const catalogs = { de, fr, es, ja, ar };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function setNavigator(languages: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(languages[0] ?? '');
}

afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.removeAttribute('lang');
  document.body.replaceChildren();
});

describe('resolveLocale', () => {
  it("takes the element's nearest lang first", () => {
    document.documentElement.lang = 'fr';
    setNavigator(['es']);
    document.body.innerHTML = '<div lang="de"><p><regain-reset></regain-reset></p></div>';
    expect(resolveLocale(document.querySelector('regain-reset')!)).toBe('de');
  });

  it("finds the lang of a shadow root's host", () => {
    setNavigator(['en']);
    document.body.innerHTML = '<section lang="ja"><regain-help-link></regain-help-link></section>';
    const inner = document.createElement('div');
    document.querySelector('regain-help-link')!.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveLocale(inner)).toBe('ja');
  });

  it("then the page's <html lang>, which a detached element also sees", () => {
    document.documentElement.lang = 'es';
    setNavigator(['de']);
    expect(resolveLocale(document.createElement('div'))).toBe('es');
  });

  it("then the browser's languages, in order", () => {
    setNavigator(['it-IT', 'pt', 'ar-EG', 'de']);
    document.body.innerHTML = '<div></div>';
    expect(resolveLocale(document.body.firstElementChild!)).toBe('ar');
  });

  it('matches a region or script to its language', () => {
    setNavigator(['en']);
    document.body.innerHTML = '<div lang="de-AT"></div>';
    expect(resolveLocale(document.body.firstElementChild!)).toBe('de');
    expect(matchLocale('fr-CA')).toBe('fr');
    expect(matchLocale('es-419')).toBe('es');
    expect(matchLocale('ja_JP')).toBe('ja');
    expect(matchLocale('DE')).toBe('de');
  });

  it('skips unsupported or empty tags and falls back to English', () => {
    document.documentElement.lang = 'it';
    setNavigator(['pt-BR', 'nl']);
    document.body.innerHTML = '<div lang="fr"><div lang=""><span></span></div></div>';
    // lang="" means "unknown", so the search goes on to the French ancestor.
    expect(resolveLocale(document.querySelector('span')!)).toBe('fr');
    document.body.innerHTML = '<div lang="zh"></div>';
    expect(resolveLocale(document.body.firstElementChild!)).toBe('en');
    expect(matchLocale('xx')).toBeNull();
    expect(matchLocale('')).toBeNull();
  });

  it('prefers an explicit supported locale, and ignores an unsupported one', () => {
    setNavigator(['es']);
    document.body.innerHTML = '<div lang="de"></div>';
    const el = document.body.firstElementChild!;
    expect(resolveLocale(el, 'ja-JP')).toBe('ja');
    expect(resolveLocale(el, 'it')).toBe('de');
  });
});

describe('catalogs', () => {
  it('cover the supported languages', () => {
    expect([...supportedLocales].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ja']);
    expect(Object.keys(catalogLoaders).sort()).toEqual(Object.keys(catalogs).sort());
  });

  for (const [lang, messages] of Object.entries(catalogs)) {
    it(`${lang} has every English key, with the same placeholders, and nothing else`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as MessageKey[]) {
        expect(placeholders(messages[key]), `${lang} ${key}`).toEqual(placeholders(en[key]));
        expect(messages[key].trim(), `${lang} ${key}`).not.toBe('');
      }
    });
  }

  it('translate rather than copy English', () => {
    for (const [lang, messages] of Object.entries(catalogs)) {
      const same = (Object.keys(en) as MessageKey[]).filter((k) => messages[k] === en[k]);
      // A few words are the same in some languages (Code, SMS); most must differ.
      expect(same.length, `${lang}: ${same.join(', ')}`).toBeLessThan(5);
    }
  });
});

describe('precedence', () => {
  const catalog = { 'reset.title': 'Passwort zurücksetzen', next: 'Weiter', cancel: 'Abbrechen' };

  it('mount strings > organization strings > catalog > English, with placeholders filled', () => {
    const t = layeredTranslator([
      { 'reset.title': 'Page title' },
      { 'reset.title': 'Org title', next: 'Org next' },
      catalog,
    ]);
    expect(t('reset.title')).toBe('Page title');
    expect(t('next')).toBe('Org next');
    expect(t('cancel')).toBe('Abbrechen');
    expect(t('method.gate', { n: 1, of: 2 })).toBe('Step 1 of 2');
    expect(t('code.label', {})).toBe('Code ({n} digits)');
  });

  it('reads a getter layer on each call, so organization strings apply once the config arrives', () => {
    let org: Record<string, string> | undefined;
    const t = layeredTranslator([undefined, () => org, catalog]);
    expect(t('next')).toBe('Weiter');
    org = { next: 'Continuer' };
    expect(t('next')).toBe('Continuer');
  });

  it('applies language-specific organization strings over plain ones, and drops unknown keys', () => {
    const all = { 'reset.title': 'Reset', 'de:reset.title': 'Zurücksetzen', 'fr:next': 'Suite', bogus: 'x' };
    expect(organizationStrings(all, 'de')).toEqual({ 'reset.title': 'Zurücksetzen' });
    expect(organizationStrings(all, 'fr')).toEqual({ 'reset.title': 'Reset', next: 'Suite' });
    expect(organizationStrings(undefined, 'fr')).toEqual({});
  });

  it('prepareStrings puts it all together for a German page', async () => {
    document.documentElement.lang = 'de-CH';
    let config: { strings?: Record<string, string> } | null = null;
    const p = await prepareStrings(document.body, {
      strings: { cancel: 'Schliessen' },
      orgStrings: () => config?.strings,
    });
    expect(p).toMatchObject({ lang: 'de', dir: 'ltr' });
    expect(p.t('cancel')).toBe('Schliessen');
    expect(p.t('next')).toBe('Weiter');
    config = { strings: { next: 'Los', 'de:reset.title': 'Kennwort vergessen?' } };
    expect(p.t('next')).toBe('Los');
    expect(p.t('reset.title')).toBe('Kennwort vergessen?');
    expect(p.t('cancel')).toBe('Schliessen');
  });
});

describe('direction', () => {
  it('is rtl for Arabic (and other right-to-left languages), ltr otherwise', () => {
    expect(dirFor('ar')).toBe('rtl');
    expect(dirFor('ar-EG')).toBe('rtl');
    expect(dirFor('he')).toBe('rtl');
    expect(dirFor('fa')).toBe('rtl');
    expect(dirFor('ur')).toBe('rtl');
    for (const l of ['en', 'de', 'fr', 'es', 'ja']) expect(dirFor(l)).toBe('ltr');
  });

  it('sets lang and dir on the flow root', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const loaders: CatalogLoaders = { ar: async () => ({ messages: { next: 'التالي' } }) };
    // The test files are .ts (vitest's include), so the view is written with h() instead of JSX.
    const view = (t: Translate) => h('button', { type: 'button' }, t('next'));
    // The flow starts only once its view is drawn, so the view sees every state change.
    const drawn: boolean[] = [];
    const onReady = () => drawn.push(host.querySelector('button') !== null);
    render(h(Localized, { host, locale: 'ar', loaders, view, onReady }), host);
    await vi.waitFor(() => expect(drawn).toEqual([true]));
    const root = host.firstElementChild!;
    expect(root.getAttribute('lang')).toBe('ar');
    expect(root.getAttribute('dir')).toBe('rtl');
    expect(root.textContent).toBe('التالي');
    render(null, host);
  });
});

describe('loading', () => {
  it('loads a catalog through its own dynamic import; English needs none', async () => {
    expect((await loadMessages('ja'))['reset.title']).toBe(ja['reset.title']);
    const spy = vi.fn(async () => ({ messages: {} }));
    expect(await loadMessages('en', { loaders: { de: spy } })).toEqual({});
    expect(spy).not.toHaveBeenCalled();
  });

  it('falls back to English when the catalog fails to load', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const loaders: CatalogLoaders = { fr: () => Promise.reject(new TypeError('Failed to fetch module')) };
    expect(await loadMessages('fr', { loaders })).toEqual({});
    const p = await prepareStrings(document.body, { locale: 'fr', loaders, strings: { cancel: 'Fermer' } });
    expect(p.lang).toBe('fr');
    expect(p.t('next')).toBe('Next');
    expect(p.t('cancel')).toBe('Fermer');
    expect(console.warn).toHaveBeenCalled();
  });

  it('falls back to English when the catalog stalls', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const loaders: CatalogLoaders = { es: () => new Promise(() => {}) };
    expect(await loadMessages('es', { loaders, timeoutMs: 20 })).toEqual({});
  });
});
