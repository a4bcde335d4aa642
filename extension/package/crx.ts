// Signs a staged Chrome build into a CRX3 with crx3 and checks the id it reports against our own derivation.
/// <reference path="./vendor-types.d.ts" />
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import crx3 from 'crx3';
import { idFromKey } from './key-id.ts';
import { type SigningKey, withKeyFile } from './signing-key.ts';

/** Writes `crxPath` from the unpacked `stageDir`; returns the extension id the CRX installs as. */
export async function signCrx(stageDir: string, crxPath: string, key: SigningKey): Promise<string> {
  await rm(crxPath, { force: true });
  const info = await withKeyFile(key, (keyPath) =>
    // Given the manifest path, crx3 zips the whole directory with paths relative to it.
    crx3([join(stageDir, 'manifest.json')], { crxPath, keyPath }),
  );
  const id = await idFromKey(key.key);
  // Two independent derivations must agree, or the policy templates would name an extension that never arrives.
  if (info.appId !== id) throw new Error(`crx3 reports id ${info.appId} but the key gives ${id}`);
  return id;
}
