// The popup's registration-status line, from the prompt cache entry (the server's last answer).
import type { PromptEntry } from '../lib/prompt-rules.ts';

/** One sentence about what the extension last learned from the service for this user. */
export function statusText(e: PromptEntry | null, now: number): string {
  if (!e) return 'Registration status: not checked yet. "Update my recovery info" checks it.';
  const day = (ms: number) => new Date(ms).toLocaleDateString();
  if (e.snoozedUntil !== null && e.snoozedUntil > now)
    return `${e.username}: registration reminder snoozed until ${day(e.snoozedUntil)}.`;
  if (e.confirmedAt !== null)
    return `${e.username}: recovery info up to date (checked ${day(e.confirmedAt)}).`;
  return `${e.username}: recovery info needs attention.`;
}
