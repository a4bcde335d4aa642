// When the registration prompt is due for a user name: pure rules over one cache entry and the clock.
import type { RegistrationStatusLite } from './messages.ts';

/** What the extension remembers per user name; the server's status read in an extension page refreshes it. */
export interface PromptEntry {
  username: string;
  /** When the server last said nothing is due (ms since epoch). */
  confirmedAt: number | null;
  /** A snooze the server granted runs until then (ms). */
  snoozedUntil: number | null;
  /** When the extension last opened the prompt, so a dismissed window doesn't reopen at every sign-in. */
  promptedAt: number | null;
}

export const promptTimings = {
  /** After the server said "none", ask it again only after this long: it alone knows reconfirm dates. */
  recheckAfterMs: 24 * 60 * 60 * 1000,
  /** A prompt closed without an answer comes back after this long. */
  dismissedForMs: 10 * 60 * 1000,
};

/** Unknown users are due (only the server knows); known ones are quiet while confirmed, snoozed or just asked. */
export function promptDue(entry: PromptEntry | undefined, now: number, t = promptTimings): boolean {
  if (!entry) return true;
  if (entry.snoozedUntil !== null && now < entry.snoozedUntil) return false;
  if (entry.confirmedAt !== null && now - entry.confirmedAt < t.recheckAfterMs) return false;
  if (entry.promptedAt !== null && now - entry.promptedAt < t.dismissedForMs) return false;
  return true;
}

/**
 * The entry after the server's answer. A running (or just ended) snooze is remembered as a snooze, never as
 * a confirmation, so a zero-day snooze prompts again at the next sign-in.
 */
export function entryFromStatus(username: string, s: RegistrationStatusLite, now: number): PromptEntry {
  const snoozedUntil = s.snoozedUntil ? Date.parse(s.snoozedUntil) : null;
  if (s.prompt === 'none' && snoozedUntil === null)
    return { username, confirmedAt: now, snoozedUntil: null, promptedAt: null };
  if (s.prompt === 'none') return { username, confirmedAt: null, snoozedUntil, promptedAt: null };
  return { username, confirmedAt: null, snoozedUntil: null, promptedAt: null };
}

/** The entry once the extension opened the prompt. */
export function entryPrompted(username: string, prev: PromptEntry | undefined, now: number): PromptEntry {
  return { ...(prev ?? { username, confirmedAt: null, snoozedUntil: null }), username, promptedAt: now };
}
