// Canonical usernames: trimmed, NFKC, case-folded, with configured domain suffixes and DOMAIN\ prefixes folded.

/** The one form a username is matched and counted under, so `alice`, `ALICE` and `alice@contoso.com` share one. */
export function canonicalUsername(typed: string, domains: readonly string[] = []): string {
  let u = typed.normalize('NFKC').trim().toLowerCase();
  const slash = u.indexOf('\\');
  if (slash > 0) u = u.slice(slash + 1);
  const at = u.lastIndexOf('@');
  if (at > 0 && domains.includes(u.slice(at + 1))) u = u.slice(0, at);
  return u;
}
