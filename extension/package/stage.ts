// Copies an unpacked build into a staging directory with a rewritten manifest, so the build itself is never altered.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from './manifest-rewrite.ts';

export async function readManifest(dir: string): Promise<Manifest> {
  const text = await readFile(join(dir, 'manifest.json'), 'utf8');
  return JSON.parse(text) as Manifest;
}

/** Fresh copy of `src` at `dest` with `rewrite` applied to its manifest; returns the manifest written. */
export async function stageCopy(
  src: string,
  dest: string,
  rewrite: (m: Manifest) => Manifest,
): Promise<Manifest> {
  const manifest = rewrite(await readManifest(src));
  await rm(dest, { recursive: true, force: true });
  await mkdir(dest, { recursive: true });
  await cp(src, dest, { recursive: true });
  await writeFile(join(dest, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
