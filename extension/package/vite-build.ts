// Runs the repository's vite build (vite.config.ts with @crxjs/vite-plugin) once per browser before packaging.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Browser = 'chrome' | 'firefox';

/**
 * vite.config.ts picks the browser from the mode (`firefox`, else Chrome) or BROWSER=firefox, and the output
 * directory from REGAIN_EXTENSION_OUT (default dist/extension, dist/extension-firefox). Both variables are
 * set only for the duration of the build, so a caller's environment can't flip a Chrome build to Firefox.
 */
export async function viteBuild(root: string, browser: Browser, outDir?: string): Promise<void> {
  const configFile = join(root, 'vite.config.ts');
  if (!existsSync(configFile)) {
    throw new Error(`${configFile} is missing: build the extension first, or pass --skip-build`);
  }
  const { build } = await import('vite');
  const saved = { BROWSER: process.env.BROWSER, REGAIN_EXTENSION_OUT: process.env.REGAIN_EXTENSION_OUT };
  process.env.BROWSER = browser;
  if (outDir) process.env.REGAIN_EXTENSION_OUT = outDir;
  else delete process.env.REGAIN_EXTENSION_OUT;
  try {
    await build({
      root,
      configFile,
      mode: browser === 'firefox' ? 'firefox' : 'production',
      logLevel: 'warn',
    });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
