// The options page: the user's own settings under policy; managed keys are shown read-only.
import browser from 'webextension-polyfill';
import { type ConfigKey, type Effective, sanitize } from '../lib/config.ts';
import { OPTIONS_KEY, readConfig } from '../lib/config-store.ts';

const form = document.getElementById('options') as HTMLFormElement;
const field = (k: ConfigKey) => form.elements.namedItem(k) as HTMLInputElement | HTMLTextAreaElement | null;

function show(e: Effective): void {
  const c = e.config;
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
      note.textContent = 'Set by your organization';
      label.append(note);
    }
  }
  (document.getElementById('effective') as HTMLElement).textContent = JSON.stringify(e, null, 2);
}

async function refresh(): Promise<void> {
  show(await readConfig(browser.storage));
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const raw: Record<string, unknown> = {};
  const text = (k: ConfigKey) => (field(k)?.value ?? '').trim();
  if (text('serviceUrl')) raw.serviceUrl = text('serviceUrl');
  try {
    if (text('signInPages')) raw.signInPages = JSON.parse(text('signInPages'));
  } catch {
    (document.getElementById('saved') as HTMLElement).textContent = 'Sign-in pages: not valid JSON.';
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
  (document.getElementById('saved') as HTMLElement).textContent = 'Saved.';
});

browser.storage.onChanged.addListener(() => void refresh());
void refresh();
