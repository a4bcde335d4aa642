// Sign-in success detection: the tab that submitted a configured form reaches successUrl, or leaves the sign-in origin, in time.
import { parseMatchPattern } from './match-pattern.ts';

export const SUCCESS_WINDOW_MS = 60_000;

export interface PendingSignIn {
  username: string;
  /** The sign-in page's origin when the form was submitted. */
  origin: string;
  successUrl?: string;
  deadline: number;
}

/** Serializable state, so an MV3 service worker that is stopped and restarted keeps its watches. */
export type WatchState = Record<string, PendingSignIn>;

export class SuccessWatch {
  constructor(
    private readonly now: () => number,
    public state: WatchState = {},
  ) {}

  /** A configured form was submitted in `tabId`; only the latest submission per tab counts. */
  submitted(tabId: number, o: { username: string; pageUrl: string; successUrl?: string }): void {
    let origin: string;
    try {
      origin = new URL(o.pageUrl).origin;
    } catch {
      return;
    }
    this.state[tabId] = {
      username: o.username,
      origin,
      ...(o.successUrl ? { successUrl: o.successUrl } : {}),
      deadline: this.now() + SUCCESS_WINDOW_MS,
    };
  }

  /**
   * The tab now shows `url`. Returns the user name once the sign-in counts as successful; a navigation that
   * stays on the sign-in origin without reaching successUrl (a failed attempt, a next step) keeps waiting.
   */
  navigated(tabId: number, url: string): string | undefined {
    const p = this.state[tabId];
    if (!p) return undefined;
    if (this.now() > p.deadline) {
      delete this.state[tabId];
      return undefined;
    }
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return undefined;
    }
    const reached = p.successUrl ? parseMatchPattern(p.successUrl)?.test(url) === true : false;
    if (!reached && origin === p.origin) return undefined;
    // about:blank and error pages have an opaque origin: they are neither success nor failure.
    if (!reached && origin === 'null') return undefined;
    delete this.state[tabId];
    return p.username;
  }

  closed(tabId: number): void {
    delete this.state[tabId];
  }

  /** Drops expired watches; returns whether anything changed. */
  prune(): boolean {
    const t = this.now();
    let changed = false;
    for (const [k, p] of Object.entries(this.state))
      if (t > p.deadline) {
        delete this.state[k];
        changed = true;
      }
    return changed;
  }
}
