// The overlay surface: the flow page in an iframe over the sign-in page, in a closed shadow root.

const css = `
:host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: grid; place-items: center; background: rgb(0 0 0 / 0.45); }
iframe { width: min(30rem, 96vw); height: min(44rem, 94vh); border: 0; border-radius: 8px; background: #fff; box-shadow: 0 8px 40px rgb(0 0 0 / 0.35); }
`;

let current: HTMLElement | undefined;

/**
 * Opens the flow page (a `use_dynamic_url` resource) over the page. Nothing goes into its URL: the page
 * claims its launch from the background, which knows the tab. The page only ever sees the host element.
 */
export function openOverlay(src: string): void {
  closeOverlay();
  const host = document.createElement('regain-extension-overlay');
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = 'Regain';
  root.append(frame);
  document.documentElement.append(host);
  current = host;
}

export function closeOverlay(): void {
  current?.remove();
  current = undefined;
}
