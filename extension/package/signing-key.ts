// Loads the CRX signing key from --key-file or REGAIN_CRX_KEY (PEM), and hands crx3 a private 0600 copy of it.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SigningKey {
  pem: string;
  key: KeyObject;
  /** Where the PEM came from, for the log line; never the key itself. */
  source: string;
}

/** The key from a file, else from the environment, else undefined (the CRX step is then skipped). */
export async function loadSigningKey(
  keyFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SigningKey | undefined> {
  let pem: string | undefined;
  let source = '';
  if (keyFile) {
    pem = await readFile(keyFile, 'utf8');
    source = keyFile;
  } else if (env.REGAIN_CRX_KEY?.trim()) {
    // CI secrets often arrive with literal "\n" sequences instead of newlines.
    pem = env.REGAIN_CRX_KEY.includes('\\n')
      ? env.REGAIN_CRX_KEY.replaceAll('\\n', '\n')
      : env.REGAIN_CRX_KEY;
    source = 'REGAIN_CRX_KEY';
  }
  if (!pem) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`the signing key from ${source} is not a PEM private key: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(`the signing key from ${source} must be RSA (CRX3 signs with RSA)`);
  return { pem, key, source };
}

/**
 * crx3 reads the key from a path and, worse, generates and saves a new key when the path is missing; so it
 * always gets a file we just wrote, readable by us alone, removed right after.
 */
export async function withKeyFile<T>(key: SigningKey, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'regain-crx-key-'));
  const path = join(dir, 'key.pem');
  try {
    await writeFile(path, key.pem, { mode: 0o600 });
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
