// WebExtension match patterns (`<all_urls>`, `scheme://host[:port]/path`) parsed once and tested against URLs.

export interface MatchPattern {
  pattern: string;
  test(url: string): boolean;
}

const escapeRe = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const glob = (s: string) => escapeRe(s).replace(/\*/g, '.*');
const shape = /^(\*|https?):\/\/(\*|\*\.[^/*:]+|[^/*:]+)(:(\d{1,5}|\*))?(\/.*)$/;

/** Parses a pattern; returns undefined for anything a browser would refuse (so it is never registered). */
export function parseMatchPattern(pattern: string): MatchPattern | undefined {
  if (pattern === '<all_urls>') return { pattern, test: (url) => /^https?:\/\//.test(url) };
  const m = shape.exec(pattern);
  if (!m) return undefined;
  const [, scheme, host, , port, path] = m as unknown as [string, string, string, string, string, string];
  const hostRe =
    host === '*'
      ? '[^/:]+'
      : host.startsWith('*.')
        ? `([^/:]+\\.)?${escapeRe(host.slice(2))}`
        : escapeRe(host);
  const portRe = port === undefined ? '' : port === '*' ? '(:\\d+)?' : `:${port}`;
  const schemeRe = scheme === '*' ? 'https?' : scheme;
  // Without an explicit port a pattern matches any port, as Chrome does for host permissions.
  const re = new RegExp(`^${schemeRe}://${hostRe}${port === undefined ? '(:\\d+)?' : portRe}${glob(path)}$`);
  return {
    pattern,
    test(url) {
      try {
        const u = new URL(url);
        // The fragment is never part of a match; the query is.
        return re.test(`${u.protocol}//${u.host}${u.pathname}${u.search}`);
      } catch {
        return false;
      }
    },
  };
}

/** Whether any of the patterns matches the URL. */
export function matchesAny(patterns: readonly string[], url: string): boolean {
  return patterns.some((p) => parseMatchPattern(p)?.test(url) === true);
}
