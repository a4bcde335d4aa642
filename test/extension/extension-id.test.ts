// The extension id derived from a public key, against an independent computation and Node's own SHA-256.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extensionIdFromKey } from '../../extension/lib/extension-id.ts';

const reference = (der: Buffer) =>
  createHash('sha256')
    .update(der)
    .digest('hex')
    .slice(0, 32)
    .replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + Number.parseInt(c, 16)));

describe('extensionIdFromKey', () => {
  it('gives the committed manifest key the id Chromium loads it under', async () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as { key: string };
    // Computed with `openssl rsa -pubout -outform DER | sha256sum | head -c 32 | tr 0-9a-f a-p`.
    expect(await extensionIdFromKey(manifest.key)).toBe('oaecbbcooidcgchpnoepbldibehgncem');
  });

  it('agrees with a reference for random RSA keys, as base64 and as bytes', async () => {
    for (let i = 0; i < 3; i++) {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const der = publicKey.export({ type: 'spki', format: 'der' });
      const id = await extensionIdFromKey(der.toString('base64'));
      expect(id).toMatch(/^[a-p]{32}$/);
      expect(id).toBe(reference(der));
      expect(await extensionIdFromKey(new Uint8Array(der))).toBe(id);
    }
  });
});
