// The toolbar popup: reset, update recovery info, change password, and the registration status.
import browser from 'webextension-polyfill';
import { pickLocale, uiLanguage } from '../i18n/locale.ts';
import { localizePage } from '../i18n/localize-page.ts';
import type { Effective } from '../lib/config.ts';
import type { FlowKind, PageToBackground } from '../lib/messages.ts';
import type { PromptEntry } from '../lib/prompt-rules.ts';
import { statusText } from './status-text.ts';

const send = (m: PageToBackground) => browser.runtime.sendMessage(m);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// The browser's language at once (no flash of English), then the configured one once the state arrives.
localizePage(document, pickLocale(undefined, uiLanguage()));

async function run(): Promise<void> {
  const state = (await send({ type: 'page:state' })) as
    | (Effective & { latest: PromptEntry | null })
    | undefined;
  const locale = pickLocale(state?.config.locale, uiLanguage());
  localizePage(document, locale);
  const username = $<HTMLInputElement>('username');
  if (state?.config.branding.name) $('brand').textContent = state.config.branding.name;
  if (state?.latest) username.value = state.latest.username;
  $('status').textContent = statusText(state?.latest ?? null, Date.now(), locale);
  const configured = Boolean(state?.config.serviceUrl);
  $('unconfigured').hidden = configured;
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-flow]')) {
    b.disabled = !configured;
    b.addEventListener('click', async () => {
      await send({
        type: 'page:open',
        flow: b.dataset.flow as FlowKind,
        username: username.value.slice(0, 256),
      });
      window.close();
    });
  }
  $('options').addEventListener('click', () => void browser.runtime.openOptionsPage());
}

void run();
