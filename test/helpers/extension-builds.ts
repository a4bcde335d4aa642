// Unpacked extension builds for packaging tests: the real vite build when the repo has one, else the stand-in.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { viteBuild } from '../../extension/package/vite-build.ts';
import { writeTinyExtension } from './tiny-extension.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface UnpackedBuilds {
  chromeDir: string;
  firefoxDir: string;
  /** True for the real extension (vite.config.ts), false for the throwaway stand-in. */
  real: boolean;
}

/**
 * Builds into `dir` rather than dist/, so a test never packages a developer's half-rebuilt output nor races
 * another test's build.
 */
export async function unpackedBuilds(dir: string, opts: { firefox?: boolean } = {}): Promise<UnpackedBuilds> {
  if (existsSync(join(repo, 'vite.config.ts')) && existsSync(join(repo, 'manifest.json'))) {
    const chromeDir = join(dir, 'extension');
    const firefoxDir = join(dir, 'extension-firefox');
    await viteBuild(repo, 'chrome', chromeDir);
    if (opts.firefox !== false) await viteBuild(repo, 'firefox', firefoxDir);
    return { chromeDir, firefoxDir, real: true };
  }
  const tiny = await writeTinyExtension(dir);
  return { chromeDir: tiny.chromeDir, firefoxDir: tiny.firefoxDir, real: false };
}
