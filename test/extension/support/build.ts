// Builds the extension once per test file into a temporary folder, so tests never race a developer's dist/.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { extensionIdFromKey } from '../../../extension/lib/extension-id.ts';

export interface BuiltExtension {
  dir: string;
  id: string;
}

/** Runs the real vite.config.ts (Chrome build) and returns the folder and the id its manifest key gives. */
export async function buildExtension(): Promise<BuiltExtension> {
  const dir = mkdtempSync(join(tmpdir(), 'regain-ext-'));
  const saved = { REGAIN_EXTENSION_OUT: process.env.REGAIN_EXTENSION_OUT, BROWSER: process.env.BROWSER };
  process.env.REGAIN_EXTENSION_OUT = dir;
  // A BROWSER=firefox in the caller's environment would otherwise turn this into the Firefox build.
  delete process.env.BROWSER;
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'error', mode: 'production' });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { key: string };
  return { dir, id: await extensionIdFromKey(manifest.key) };
}
