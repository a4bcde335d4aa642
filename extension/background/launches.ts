// Opens extension pages for flows and hands each its launch once, against a one-time nonce, never through URLs.
import type { FlowKind } from '../lib/messages.ts';

export interface Launch {
  flow: FlowKind;
  username: string;
  nonce: string;
  /** `window`: a popup window of its own; `overlay`: an iframe the content script put over the sign-in page. */
  surface: 'window' | 'overlay';
  /** The tab the flow page runs in (its window's tab, or the sign-in tab for an overlay). */
  tabId: number;
  frameId?: number;
  windowId?: number;
}

/** The browser calls launching needs, injected for tests. */
export interface LaunchDeps {
  flowUrl: string;
  createWindow(url: string): Promise<{ windowId: number; tabId: number }>;
  removeWindow(windowId: number): Promise<void>;
  /** Asks the content script in `tabId`/`frameId` to open or close its overlay. */
  tellContent(tabId: number, frameId: number, type: 'bg:overlay-open' | 'bg:overlay-close'): Promise<void>;
  /** Keeps claimed launches across service-worker restarts (storage.session); flows outlive an idle worker. */
  save?(claimed: Launch[]): Promise<void>;
}

/** Base64url of 24 random bytes: unguessable, and never shown to the page. */
export function newNonce(): string {
  const b = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export class Launches {
  /** Launches not yet claimed, by the tab their page will run in. */
  private waiting = new Map<number, Launch>();
  /** Claimed launches, by nonce. */
  private claimed = new Map<string, Launch>();
  private creating: Promise<unknown>[] = [];

  constructor(
    private readonly d: LaunchDeps,
    restored: Launch[] = [],
  ) {
    for (const l of restored) this.claimed.set(l.nonce, l);
  }

  private persist(): Promise<void> {
    return this.d.save?.([...this.claimed.values()]) ?? Promise.resolve();
  }

  /** Opens a flow in a popup window. */
  async openWindow(flow: FlowKind, username: string): Promise<void> {
    const p = this.d.createWindow(this.d.flowUrl).then(({ windowId, tabId }) => {
      this.waiting.set(tabId, { flow, username, nonce: newNonce(), surface: 'window', tabId, windowId });
    });
    this.creating.push(p);
    try {
      await p;
    } finally {
      this.creating = this.creating.filter((x) => x !== p);
    }
  }

  /** Opens a flow over the sign-in page in `tabId`; the frame's content script draws the iframe. */
  async openOverlay(flow: FlowKind, username: string, tabId: number, frameId: number): Promise<void> {
    this.waiting.set(tabId, { flow, username, nonce: newNonce(), surface: 'overlay', tabId, frameId });
    await this.d.tellContent(tabId, frameId, 'bg:overlay-open');
  }

  /**
   * The flow page in `tabId` asks what to show. Answers once per launch: a second page in the same tab
   * (say, one the sign-in page framed itself) gets nothing.
   */
  async claim(tabId: number | undefined): Promise<Launch | undefined> {
    if (tabId === undefined) return undefined;
    // The page can ask before windows.create() has resolved here.
    await Promise.allSettled(this.creating);
    const l = this.waiting.get(tabId);
    if (!l) return undefined;
    this.waiting.delete(tabId);
    this.claimed.set(l.nonce, l);
    await this.persist();
    return l;
  }

  /** The claimed launch a nonce stands for, only when asked from the tab it was given to. */
  byNonce(nonce: string, tabId: number | undefined): Launch | undefined {
    const l = this.claimed.get(nonce);
    return l && l.tabId === tabId ? l : undefined;
  }

  /** Closes the flow's window or overlay and forgets its nonce. */
  async close(nonce: string, tabId: number | undefined): Promise<void> {
    const l = this.byNonce(nonce, tabId);
    if (!l) return;
    this.claimed.delete(nonce);
    await this.persist();
    if (l.surface === 'window' && l.windowId !== undefined) await this.d.removeWindow(l.windowId);
    else await this.d.tellContent(l.tabId, l.frameId ?? 0, 'bg:overlay-close');
  }

  /** A tab went away: its unclaimed and claimed launches too. */
  forgetTab(tabId: number): void {
    this.waiting.delete(tabId);
    for (const [n, l] of this.claimed) if (l.tabId === tabId) this.claimed.delete(n);
    void this.persist();
  }
}
