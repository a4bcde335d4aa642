// Error text that is safe to log and store: provider errors may echo addresses, numbers or the code itself.

/**
 * Replaces email addresses and every run of 4 or more digits (with or without separators, so spaced
 * codes, phone numbers and IPs too) before an error's text reaches a log line or the last_error column.
 * Status codes such as 503 survive, which is what an operator needs.
 * @example redact('550 mailbox a@b.example unavailable') // '550 mailbox [address] unavailable'
 */
export function redact(text: string): string {
  return text
    .replace(/[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g, '[address]')
    .replace(/\d(?:[\s,.()+-]*\d){3,}/g, '#');
}

/** A short, redacted description of anything thrown: name, code when there is one, and message. */
export function describeError(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err;
  const code =
    typeof err === 'object' && err !== null && 'code' in err && ['string', 'number'].includes(typeof err.code)
      ? ` ${String(err.code)}`
      : '';
  const message = err instanceof Error ? err.message : String(err);
  return redact(`${name}${code}: ${message}`).slice(0, 300);
}
