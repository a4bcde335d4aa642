// Throwaway CRX signing keys for tests: a fresh RSA 2048 PEM in a temporary directory, never anywhere near the repo.
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ThrowawayKey {
  path: string;
  pem: string;
}

/** 2048 bits: Chrome accepts it and it generates in milliseconds, unlike crx3's default 4096. */
export async function writeThrowawayKey(dir: string): Promise<ThrowawayKey> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const path = join(dir, 'throwaway.pem');
  await writeFile(path, pem, { mode: 0o600 });
  return { path, pem };
}
