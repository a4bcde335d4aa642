// The popup's registration-status line, from the prompt cache entry (the server's last answer).
import { dirFor } from '../../widget/i18n/locale.ts';
import type { Locale } from '../i18n/locale.ts';
import { pageText } from '../i18n/page-strings.ts';
import type { PromptEntry } from '../lib/prompt-rules.ts';

/** One sentence about what the extension last learned from the service for this user, dates in `locale`. */
export function statusText(e: PromptEntry | null, now: number, locale: Locale = 'en'): string {
  if (!e) return pageText(locale, 'status.unchecked');
  const day = (ms: number) => new Date(ms).toLocaleDateString(locale);
  // A Latin user name inside an Arabic sentence would pull the colon and the date out of place: isolate it.
  const user = dirFor(locale) === 'rtl' ? `\u2068${e.username}\u2069` : e.username;
  if (e.snoozedUntil !== null && e.snoozedUntil > now)
    return pageText(locale, 'status.snoozed', { user, date: day(e.snoozedUntil) });
  if (e.confirmedAt !== null) return pageText(locale, 'status.current', { user, date: day(e.confirmedAt) });
  return pageText(locale, 'status.due', { user });
}
