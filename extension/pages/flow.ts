// The flow page (popup window or overlay iframe): claims its launch from the background and hosts a widget flow.
// Nothing is read from its URL or from postMessage: the launch comes from the background, for this tab, once.
import browser from 'webextension-polyfill';
import type { LaunchInfo } from '../background/router.ts';
import { pickLocale, uiLanguage } from '../i18n/locale.ts';
import { localizePage } from '../i18n/localize-page.ts';
import { pageText } from '../i18n/page-strings.ts';
import type { PageToBackground, RegistrationStatusLite } from '../lib/messages.ts';
import { mountFlow } from './mount-flow.ts';

const send = (m: PageToBackground) => browser.runtime.sendMessage(m);
const main = document.getElementById('flow') as HTMLElement;
const closeButton = document.getElementById('close') as HTMLButtonElement;

/** What the server said, as far as the flow's outcome tells it; snoozes last `snoozeDays` from now. */
async function statusAfter(outcome: string, api: string): Promise<RegistrationStatusLite | undefined> {
  if (outcome === 'none' || outcome === 'registered' || outcome === 'confirmed')
    return { prompt: 'none', snoozedUntil: null };
  if (outcome !== 'snoozed') return undefined;
  let days = 1;
  try {
    const c = (await (await fetch(`${api}/v1/config`)).json()) as { registration?: { snoozeDays?: number } };
    if (typeof c.registration?.snoozeDays === 'number') days = c.registration.snoozeDays;
  } catch {
    // Unknown length: a day is the shortest snooze the service offers by default.
  }
  return { prompt: 'none', snoozedUntil: new Date(Date.now() + days * 86_400_000).toISOString() };
}

// The browser's language at once, then the launch's setting; the widget inside gets the same language.
localizePage(document, pickLocale(undefined, uiLanguage()));

async function run(): Promise<void> {
  const launch = (await send({ type: 'page:claim' })) as LaunchInfo | null;
  const locale = pickLocale(launch?.locale, uiLanguage());
  localizePage(document, locale);
  if (!launch) {
    main.textContent = pageText(locale, 'flow.nothing');
    closeButton.addEventListener('click', () => window.close());
    return;
  }
  if (launch.branding.name)
    (document.getElementById('brand') as HTMLElement).textContent = launch.branding.name;
  if (launch.branding.accent)
    document.documentElement.style.setProperty('--regain-accent', launch.branding.accent);
  const close = async () => {
    await send({ type: 'page:close', nonce: launch.nonce }).catch(() => undefined);
    // A popup window whose worker forgot the launch still closes; an overlay frame can't, harmlessly.
    window.close();
  };
  closeButton.addEventListener('click', () => void close());
  const host = document.createElement('div');
  main.replaceChildren(host);
  host.addEventListener('regain:cancel', () => void close());
  host.addEventListener('regain:done', (e) => {
    const outcome = String((e as CustomEvent<{ outcome?: string }>).detail?.outcome ?? '');
    if (launch.flow !== 'prompt' && launch.flow !== 'registration') return;
    void (async () => {
      const status = await statusAfter(outcome, launch.serviceUrl);
      const username = typeof launch.username === 'string' ? launch.username : '';
      if (status && username) await send({ type: 'page:status', nonce: launch.nonce, username, status });
      // Nothing was due or the user chose later: there is nothing more to show.
      if (outcome === 'none' || outcome === 'snoozed') await close();
    })();
  });
  mountFlow(host, {
    flow: launch.flow,
    api: launch.serviceUrl,
    username: launch.username,
    // The resolved language, not the raw setting: an unsupported setting would otherwise let the widget
    // settle on another language than the frame around it.
    locale,
  });
}

void run();
