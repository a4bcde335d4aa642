// The cache key for a typed user name: the same folding the service starts with (trim, NFKC, lower case).

/** Folds a typed name so `Alice ` and `alice` share one prompt-cache entry; empty means "no name". */
export function usernameKey(typed: string): string {
  return typed.normalize('NFKC').trim().toLowerCase();
}
