// The extension id and manifest `key` for a CRX signing key, through the one id derivation in extension/lib/extension-id.ts.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { extensionIdFromKey } from '../lib/extension-id.ts';

/** DER SubjectPublicKeyInfo of a key given as a KeyObject or PEM (private or public: the public half counts). */
export const publicKeyDer = (key: KeyObject | string): Buffer =>
  createPublicKey(key).export({ type: 'spki', format: 'der' });

/** The id Chrome gives an extension signed with `key`. */
export const idFromKey = (key: KeyObject | string): Promise<string> => extensionIdFromKey(publicKeyDer(key));

/** The manifest `key` value (base64 DER SPKI) for a key, so a packaged manifest names the key it is signed with. */
export const manifestKeyFor = (key: KeyObject | string): string => publicKeyDer(key).toString('base64');
