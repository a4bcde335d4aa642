// Chromium's extension id from a public key: the first 16 bytes of SHA-256 of the DER key, hex digits 0-f mapped to a-p.

/**
 * The id Chromium gives an extension whose manifest `key` (or CRX3 signing key) is this public key.
 * @param key base64 of the DER SubjectPublicKeyInfo (the manifest's `key`), or its bytes
 * @example await extensionIdFromKey(manifest.key) // 'oaecbbcooidcgchpnoepbldibehgncem'
 */
export async function extensionIdFromKey(key: string | Uint8Array): Promise<string> {
  const der = typeof key === 'string' ? Uint8Array.from(atob(key), (c) => c.charCodeAt(0)) : key;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der as Uint8Array<ArrayBuffer>));
  let id = '';
  for (const byte of digest.subarray(0, 16))
    id += String.fromCharCode(97 + (byte >> 4)) + String.fromCharCode(97 + (byte & 15));
  return id;
}
