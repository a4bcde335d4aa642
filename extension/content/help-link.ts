// The "Can't access your account?" link in a closed shadow root, kept next to the configured field as pages re-render.
import { keepAfter } from '../../widget/embed/keep-after.ts';

export interface HelpLinkOptions {
  text: string;
  /** The text's language; its direction follows from the text itself (`dir="auto"`), which needs no table. */
  lang: string;
  /** Where the link goes: the first of these selectors that matches a visible element. */
  anchors: string[];
  onClick(): void;
  signal: AbortSignal;
}

const css = `
:host { all: initial; display: block; width: fit-content; margin: 0.4rem 0; }
a { font: 400 0.9rem/1.4 system-ui, sans-serif; color: var(--regain-accent, #0b5cd5); text-decoration: underline; cursor: pointer; }
a:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
`;

function findAnchor(selectors: string[]): Element | null {
  for (const s of selectors) {
    try {
      const el = document.querySelector(s);
      if (el) return el;
    } catch {
      // A malformed selector in the policy must not stop the next one from working.
    }
  }
  return null;
}

/**
 * Places the link after the anchor and re-places it whenever the page replaces its form (single-page
 * sign-ins swap the user-name step for the password step), as the widget's help link does. The shadow root is
 * closed so the page can't reach into it; only the host element is visible in the page's DOM.
 */
export function attachHelpLink(o: HelpLinkOptions): void {
  const host = document.createElement('regain-extension-link');
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  const a = document.createElement('a');
  a.href = '#';
  a.textContent = o.text;
  a.lang = o.lang;
  a.dir = 'auto';
  a.setAttribute('role', 'button');
  a.addEventListener(
    'click',
    (e) => {
      e.preventDefault();
      e.stopPropagation();
      // Only a real user's click opens a flow: page scripts can dispatch clicks, never trusted ones.
      if (e.isTrusted) o.onClick();
    },
    { signal: o.signal },
  );
  root.append(a);

  // The widget's own placement: one observer for the page, the link after the first anchor that matches.
  keepAfter(host, () => findAnchor(o.anchors), { removeWhenGone: true, signal: o.signal });
}
