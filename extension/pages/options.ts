// The options page: the user's own settings under policy; managed keys are shown read-only.
import browser from 'webextension-polyfill';
import { type Locale, pickLocale, uiLanguage } from '../i18n/locale.ts';
import { localizePage } from '../i18n/localize-page.ts';
import { languageNames, type PageKey, pageText } from '../i18n/page-strings.ts';
import { type ConfigKey, type Effective, sanitize } from '../lib/config.ts';
import { OPTIONS_KEY, watchConfig } from '../lib/config-store.ts';

const form = document.getElementById('options') as HTMLFormElement;
const field = (k: ConfigKey) =>
  form.elements.namedItem(k) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
const languageSelect = field('locale') as HTMLSelectElement;
// The browser's language until the configuration is read; the page then follows the effective setting.
let locale: Locale = pickLocale(undefined, uiLanguage());
localizePage(document, locale);

// Each language under its own name, so whoever can't read the current one still finds theirs.
for (const [tag, name] of Object.entries(languageNames)) {
  const o = document.createElement('option');
  o.value = tag;
  o.lang = tag;
  o.textContent = name;
  languageSelect.append(o);
}

/** The save result on show, kept as a key so a save that changes the language re-words it too. */
let savedNote: PageKey | undefined;
function showSaved(key: PageKey): void {
  savedNote = key;
  (document.getElementById('saved') as HTMLElement).textContent = pageText(locale, key);
}

/** A policy or an older setting may name a tag the list lacks (`de-AT`, `it`): shown as it is, not lost. */
function ensureLanguageOption(tag: string): void {
  if (tag && ![...languageSelect.options].some((o) => o.value === tag)) {
    const o = document.createElement('option');
    o.value = tag;
    o.textContent = tag;
    languageSelect.append(o);
  }
}

function show(e: Effective): void {
  const c = e.config;
  locale = pickLocale(c.locale, uiLanguage());
  localizePage(document, locale);
  if (savedNote) showSaved(savedNote);
  ensureLanguageOption(c.locale);
  const values: Partial<Record<ConfigKey, string | boolean>> = {
    serviceUrl: c.serviceUrl,
    signInPages: JSON.stringify(c.signInPages, null, 2),
    presets: c.presets.join(', '),
    registrationPrompt: c.registrationPrompt,
    surface: c.surface,
    locale: c.locale,
  };
  for (const [k, v] of Object.entries(values) as [ConfigKey, string | boolean][]) {
    const f = field(k);
    if (!f) continue;
    if (f instanceof HTMLInputElement && f.type === 'checkbox') f.checked = v === true;
    else f.value = String(v);
    const managed = e.managedKeys.includes(k);
    f.disabled = managed;
    const label = f.closest('label');
    label?.querySelector('.managed')?.remove();
    if (managed && label) {
      const note = document.createElement('span');
      note.className = 'managed';
      note.textContent = pageText(locale, 'options.managed');
      label.append(note);
    }
  }
  (document.getElementById('effective') as HTMLElement).textContent = JSON.stringify(e, null, 2);
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const raw: Record<string, unknown> = {};
  const text = (k: ConfigKey) => (field(k)?.value ?? '').trim();
  if (text('serviceUrl')) raw.serviceUrl = text('serviceUrl');
  try {
    if (text('signInPages')) raw.signInPages = JSON.parse(text('signInPages'));
  } catch {
    showSaved('options.badJson');
    return;
  }
  raw.presets = text('presets')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  raw.registrationPrompt = (field('registrationPrompt') as HTMLInputElement).checked;
  raw.surface = text('surface');
  if (text('locale')) raw.locale = text('locale');
  // Only what passes the same checks as policy values is stored.
  await browser.storage.local.set({ [OPTIONS_KEY]: sanitize(raw) });
  showSaved('options.saved');
});

// Policy may answer late (or change): the effective configuration is redrawn whenever a source changes.
watchConfig(browser.storage, show);
