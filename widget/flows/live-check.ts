// The live password check both password steps run while the user types: debounced, each keystroke superseding the
// request in flight, a failed check never an error (the final submit decides).
import type { ApiResult, PasswordVerdict } from '../api/client.ts';

/** Asks the service about one password. */
type Ask = (password: string, signal: AbortSignal) => Promise<ApiResult<PasswordVerdict>>;
/** Shows the check: `verdict` undefined keeps the one shown (while checking, and when a check failed). */
type Show = (checking: boolean, verdict?: PasswordVerdict | null) => void;

export class LiveCheck {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;

  constructor(
    private readonly ask: Ask,
    private readonly show: Show,
    private readonly delayMs = 300,
  ) {}

  /** Feeds one keystroke's value; an empty field clears the verdict at once. */
  input(password: string): void {
    this.stop();
    if (!password) {
      this.show(false, null);
      return;
    }
    this.timer = setTimeout(() => void this.check(password), this.delayMs);
  }

  /** Drops the pending and the running check (on submit, cancel, or leaving the step). */
  stop(): void {
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  private async check(password: string): Promise<void> {
    const abort = new AbortController();
    this.inFlight = abort;
    this.show(true);
    let r: ApiResult<PasswordVerdict>;
    try {
      r = await this.ask(password, abort.signal);
    } catch {
      return; // superseded by a newer input
    }
    if (!abort.signal.aborted) this.show(false, r.ok ? r.data : undefined);
  }
}
