// Declarations for regain.mjs (types/widget/index.d.ts), so TypeScript users of the ES module get the mount functions typed.
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs tsc for widget/index.ts into `<outDir>/types/`. Sources import `./x.ts`, which only a TypeScript-aware
 * resolver follows; the declarations name `./x.js` instead, so any consumer resolves `./x.d.ts` beside them.
 */
export async function emitTypes(outDir: string): Promise<string> {
  const types = join(outDir, 'types');
  await rm(types, { recursive: true, force: true });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [
    tsc,
    ...['-p', join(root, 'widget/build/tsconfig.types.json'), '--outDir', types],
  ]);
  for (const entry of await readdir(types, { recursive: true })) {
    if (!entry.endsWith('.d.ts')) continue;
    const path = join(types, entry);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/(from\s+'\.{1,2}\/[^']*?)\.tsx?'/g, "$1.js'"));
  }
  return join(types, 'widget/index.d.ts');
}
