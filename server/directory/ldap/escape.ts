// Escaping for LDAP search filters (RFC 4515) and the text and binary forms of directory ids (entryUUID, objectGUID).

const filterSpecials: Record<string, string> = {
  '\\': '\\5c',
  '*': '\\2a',
  '(': '\\28',
  ')': '\\29',
  '\0': '\\00',
};

/**
 * Escapes a value for use inside an LDAP filter assertion (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become `\xx`,
 * so typed text can only ever be compared as a literal value, never widen or restructure the filter.
 * Other characters, non-ASCII included, stay as they are: the client encodes the filter as UTF-8.
 *
 * @example escapeFilterValue('*)(uid=*') // '\\2a\\29\\28uid=\\2a'
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => filterSpecials[c] ?? c);
}

/** Escapes every byte as `\xx`: the RFC 4515 form of a binary assertion value such as an objectGUID. */
export function escapeBinaryFilterValue(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

/** Puts the escaped username into every `{username}` of a filter template. */
export function fillUserFilter(template: string, username: string): string {
  const escaped = escapeFilterValue(username);
  return template.replaceAll('{username}', () => escaped);
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is the 8-4-4-4-12 hex form every directory id here is given in. */
export function isUuidText(id: string): boolean {
  return uuidShape.test(id);
}

// An objectGUID's first three fields are little-endian on the wire; Windows shows them byte-swapped.
const guidOrder = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;

/** The 16 bytes of an objectGUID in the text form Windows tools show (lower case), or undefined when not 16 bytes. */
export function guidToText(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 16) return undefined;
  const hex = guidOrder.map((i) => bytes[i]!.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The objectGUID bytes for its text form, or undefined when the text is not a GUID. */
export function guidFromText(id: string): Buffer | undefined {
  if (!isUuidText(id)) return undefined;
  const hex = id.replaceAll('-', '');
  const out = Buffer.alloc(16);
  guidOrder.forEach((from, to) => {
    out[from] = Number.parseInt(hex.slice(to * 2, to * 2 + 2), 16);
  });
  return out;
}
