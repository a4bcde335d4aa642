// Reading attribute values out of ldapts search entries, whose keys keep the server's spelling of each name.
import type { Entry } from 'ldapts';

function raw(entry: Entry, name: string): (string | Buffer)[] {
  const lower = name.toLowerCase();
  for (const [key, v] of Object.entries(entry)) {
    if (key === 'dn' || key.toLowerCase() !== lower) continue;
    const list = Array.isArray(v) ? v : [v];
    if (list.length) return list;
  }
  return [];
}

/** Every value of an attribute as text (binary values are read as UTF-8). */
export function texts(entry: Entry, name: string): string[] {
  return raw(entry, name).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
}

/** The first non-blank value of an attribute, trimmed. */
export function text(entry: Entry, name: string): string | undefined {
  return texts(entry, name)
    .map((v) => v.trim())
    .find((v) => v !== '');
}

/** The first value of a binary attribute (a value ldapts decoded as text was valid UTF-8, so this is lossless). */
export function bytes(entry: Entry, name: string): Buffer | undefined {
  const v = raw(entry, name)[0];
  return v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}
