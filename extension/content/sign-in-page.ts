// The content script on configured sign-in pages: adds the help link and reports the typed user name and submission.
// It reads only the user-name field, as untrusted text, and never writes codes, tokens, phone numbers or passwords.
import browser from 'webextension-polyfill';
import { linkLabels } from '../../api/link-labels.ts';
import { typedUsername } from '../../widget/embed/keep-after.ts';
import type { PageRule } from '../background/router.ts';
import { pickLocale, uiLanguage } from '../i18n/locale.ts';
import { type ContentToBackground, parseBackgroundMessage } from '../lib/messages.ts';
import { attachHelpLink } from './help-link.ts';
import { closeOverlay, openOverlay } from './overlay.ts';

const DEFAULT_USERNAME = 'input[autocomplete~="username"], input[type="email"], input[name="username"]';
const DEFAULT_PASSWORD = 'input[type="password"]';

const send = (m: ContentToBackground) => browser.runtime.sendMessage(m);

function start(rule: PageRule, signal: AbortSignal): void {
  const userSel = rule.usernameSelector ?? DEFAULT_USERNAME;
  const passSel = rule.passwordSelector ?? DEFAULT_PASSWORD;
  // The last name typed, so the password step of a two-step page still knows whose sign-in it is.
  let lastUsername = '';
  const remember = (e: Event) => {
    const t = e.target;
    try {
      if (t instanceof HTMLInputElement && t.matches(userSel)) lastUsername = t.value.slice(0, 256);
    } catch {
      // A malformed selector: there is nothing to remember.
    }
  };
  document.addEventListener('input', remember, { capture: true, signal });
  document.addEventListener('change', remember, { capture: true, signal });

  document.addEventListener(
    'submit',
    (e) => {
      const form = e.target;
      if (!(form instanceof HTMLFormElement)) return;
      const typed = typedUsername(userSel, form) ?? typedUsername(userSel);
      if (typed) lastUsername = typed;
      let hasPassword = false;
      try {
        hasPassword = form.querySelector(passSel) !== null;
      } catch {
        hasPassword = form.querySelector(DEFAULT_PASSWORD) !== null;
      }
      // A user-name step isn't a sign-in; only the form that carries the password is.
      if (hasPassword && lastUsername) void send({ type: 'content:submit', username: lastUsername });
    },
    { capture: true, signal },
  );

  // The extension's language (setting, else the browser's), as in its own pages, not the sign-in page's:
  // the link is the extension speaking, and the flow it opens will speak the same language.
  const locale = pickLocale(rule.locale, uiLanguage());
  attachHelpLink({
    text: linkLabels[locale].help,
    lang: locale,
    anchors: [rule.anchorSelector, passSel, userSel].filter((s): s is string => !!s),
    onClick: () => {
      const typed = typedUsername(userSel);
      void send({ type: 'content:help', username: typed ?? lastUsername });
    },
    signal,
  });
}

browser.runtime.onMessage.addListener((msg: unknown, sender: browser.Runtime.MessageSender) => {
  // Only our background speaks here: our id and no tab (content scripts and pages of tabs have one).
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const m = parseBackgroundMessage(msg);
  if (m?.type === 'bg:overlay-open') openOverlay(browser.runtime.getURL('extension/pages/overlay.html'));
  else if (m?.type === 'bg:overlay-close') closeOverlay();
  return undefined;
});

// The background re-checks this frame's URL against the full configured patterns (ports included, which
// Firefox can't register) and answers null when this page isn't one of them.
void send({ type: 'content:hello' })
  .then((rule: unknown) => {
    if (rule && typeof rule === 'object') start(rule as PageRule, new AbortController().signal);
  })
  .catch(() => undefined);
