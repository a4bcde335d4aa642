// What the console says for a problem: the figures that matter (attempts left, wait) beside the service's title.
import type { ConsoleProblem } from './console-client.ts';

const words: Record<string, string> = {
  network_error: 'The service cannot be reached. Check your connection and try again.',
  unauthorized: 'The user name or password is wrong.',
  forbidden: 'This account may not use the console: it is not in an admin or helpdesk group.',
  second_factor_required:
    'The console needs a second factor: register an email address or a phone for your account first.',
  flow_expired: 'This sign-in took too long. Start again.',
};

export function problemText(p: ConsoleProblem): string {
  const base = words[p.code] ?? p.title ?? 'Something went wrong. Try again.';
  // A refused field (422) says which and why; other details repeat what the words above already say, but for
  // a 403 on an action (the sign-in's has its own words).
  if (p.field && p.detail) return `${base} ${p.field}: ${p.detail}.`;
  if (p.code === 'forbidden' && p.detail && !p.detail.startsWith('not a member'))
    return `Not allowed: ${p.detail}.`;
  if (p.attemptsLeft !== undefined) return `${base} ${p.attemptsLeft} attempts left.`;
  if (p.retryAfter !== undefined) return `${base} Try again in ${Math.ceil(p.retryAfter / 60)} min.`;
  return base;
}
