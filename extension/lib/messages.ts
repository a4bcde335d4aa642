// Typed messages between extension parts, named by direction, with the sender rules and shape checks of DESIGN.md.

/** Which flow an extension page hosts. `prompt` is the post-sign-in registration prompt. */
export type FlowKind = 'reset' | 'registration' | 'prompt' | 'change';
const flowKinds: readonly FlowKind[] = ['reset', 'registration', 'prompt', 'change'];

/** From the content script on a sign-in page. Everything in it is page text: untrusted. */
export type ContentToBackground =
  | { type: 'content:hello' }
  | { type: 'content:submit'; username: string }
  | { type: 'content:help'; username: string };

/** From the extension's own pages (popup, options, flow). */
export type PageToBackground =
  | { type: 'page:claim' }
  | { type: 'page:open'; flow: FlowKind; username: string }
  | { type: 'page:status'; nonce: string; username: string; status: RegistrationStatusLite }
  | { type: 'page:close'; nonce: string }
  | { type: 'page:state' };

/** From the background to a content script. */
export type BackgroundToContent = { type: 'bg:overlay-open' } | { type: 'bg:overlay-close' };

/** The part of the server's registration status the cache keeps. */
export interface RegistrationStatusLite {
  prompt: 'none' | 'optional' | 'required';
  snoozedUntil: string | null;
}

/** Minimal facts of a runtime.MessageSender, so rules are testable without a browser. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface SenderRules {
  extensionId: string;
  /** The extension's own base URL, `chrome-extension://<id>/` or `moz-extension://<uuid>/`. */
  extensionUrl: string;
  /** Whether a URL is a configured sign-in page (current effective configuration). */
  isSignInPage(url: string): boolean;
}

const MAX_USERNAME = 256;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const only = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));
const isUsername = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_USERNAME;
const isNonce = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{22,64}$/.test(v);

/** Shape check of a content-script message; extra keys or wrong types reject it whole. */
export function parseContentMessage(v: unknown): ContentToBackground | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'content:hello':
      return only(v, ['type']) ? { type: v.type } : undefined;
    case 'content:submit':
    case 'content:help':
      return only(v, ['type', 'username']) && isUsername(v.username)
        ? { type: v.type, username: v.username }
        : undefined;
    default:
      return undefined;
  }
}

function parseStatus(v: unknown): RegistrationStatusLite | undefined {
  if (!isObject(v)) return undefined;
  const prompt = v.prompt;
  if (prompt !== 'none' && prompt !== 'optional' && prompt !== 'required') return undefined;
  const s = v.snoozedUntil;
  if (s !== null && s !== undefined && (typeof s !== 'string' || Number.isNaN(Date.parse(s))))
    return undefined;
  return { prompt, snoozedUntil: typeof s === 'string' ? s : null };
}

/** Shape check of an extension-page message. */
export function parsePageMessage(v: unknown): PageToBackground | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'page:claim':
    case 'page:state':
      return only(v, ['type']) ? { type: v.type } : undefined;
    case 'page:open':
      return only(v, ['type', 'flow', 'username']) &&
        flowKinds.includes(v.flow as FlowKind) &&
        isUsername(v.username)
        ? { type: v.type, flow: v.flow as FlowKind, username: v.username }
        : undefined;
    case 'page:close':
      return only(v, ['type', 'nonce']) && isNonce(v.nonce) ? { type: v.type, nonce: v.nonce } : undefined;
    case 'page:status': {
      const status = parseStatus(v.status);
      return only(v, ['type', 'nonce', 'username', 'status']) &&
        isNonce(v.nonce) &&
        isUsername(v.username) &&
        status
        ? { type: v.type, nonce: v.nonce, username: v.username, status }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Shape check of a background message as the content script receives it. */
export function parseBackgroundMessage(v: unknown): BackgroundToContent | undefined {
  if (!isObject(v) || !only(v, ['type'])) return undefined;
  return v.type === 'bg:overlay-open' || v.type === 'bg:overlay-close' ? { type: v.type } : undefined;
}

export type Accepted =
  | { from: 'content'; msg: ContentToBackground; tabId: number; frameId: number; url: string }
  | { from: 'page'; msg: PageToBackground; tabId: number | undefined; url: string };

/**
 * The one gate every runtime message passes. Content-script messages need our own id, a `sender.tab` and
 * a `sender.url` on a configured sign-in page; extension-page messages need `sender.url` under our own
 * base URL. Anything else, or any malformed body, is dropped without an answer.
 */
export function acceptMessage(msg: unknown, sender: SenderLike, rules: SenderRules): Accepted | undefined {
  if (sender.id !== rules.extensionId || typeof sender.url !== 'string') return undefined;
  const url = sender.url;
  if (url.startsWith(rules.extensionUrl)) {
    const page = parsePageMessage(msg);
    return page ? { from: 'page', msg: page, tabId: sender.tab?.id, url } : undefined;
  }
  if (!sender.tab || typeof sender.tab.id !== 'number' || !rules.isSignInPage(url)) return undefined;
  const content = parseContentMessage(msg);
  return content
    ? { from: 'content', msg: content, tabId: sender.tab.id, frameId: sender.frameId ?? 0, url }
    : undefined;
}
