// Builds the widget into dist/widget/: content-hashed ES module flow chunks, the classic regain.js, and manifest.json with SRI.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, transform } from 'esbuild';

const widgetDir = fileURLToPath(new URL('..', import.meta.url));
export const defaultOutDir = fileURLToPath(new URL('../../dist/widget/', import.meta.url));

export interface ManifestFile {
  integrity: string;
  bytes: number;
}
export interface WidgetManifest {
  /** The entry points by name: `regain` (the classic script) and one per flow. */
  entries: Record<string, string>;
  files: Record<string, ManifestFile>;
}

/** CSS is imported as minified text, for a constructable stylesheet (no <style>, no inline styles). */
const cssText: Plugin = {
  name: 'css-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await transform(await readFile(args.path, 'utf8'), { loader: 'css', minify: true });
      return { contents: code.trim(), loader: 'text' };
    });
  },
};

const common = {
  bundle: true,
  minify: true,
  target: ['chrome111', 'firefox115', 'safari16.4'],
  legalComments: 'none' as const,
  jsx: 'automatic' as const,
  jsxImportSource: 'preact',
  tsconfig: join(widgetDir, 'tsconfig.json'),
  write: false,
  logLevel: 'silent' as const,
};

/** Builds everything and returns the manifest it wrote. */
export async function buildWidget(outDir = defaultOutDir): Promise<WidgetManifest> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const flows = await build({
    ...common,
    entryPoints: { reset: join(widgetDir, 'flows/reset-entry.tsx') },
    format: 'esm',
    splitting: true,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    plugins: [cssText],
  });
  const entries: Record<string, string> = {};
  for (const [out, meta] of Object.entries(flows.metafile.outputs))
    if (meta.entryPoint?.endsWith('reset-entry.tsx')) entries.reset = basename(out);
  if (!entries.reset) throw new Error('widget build: no reset entry');
  const embed = await build({
    ...common,
    entryPoints: [join(widgetDir, 'embed/regain.ts')],
    format: 'iife',
    outfile: join(outDir, 'regain.js'),
    define: { __REGAIN_RESET_CHUNK__: JSON.stringify(`./${entries.reset}`) },
  });
  entries.regain = 'regain.js';
  for (const f of [...(flows.outputFiles ?? []), ...(embed.outputFiles ?? [])])
    await writeFile(f.path, f.contents);
  const files: Record<string, ManifestFile> = {};
  for (const name of (await readdir(outDir)).sort()) {
    const body = await readFile(join(outDir, name));
    files[name] = {
      integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
      bytes: body.length,
    };
  }
  const manifest: WidgetManifest = { entries, files };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await buildWidget(process.argv[2] ?? defaultOutDir);
  console.log(`built ${Object.keys(m.files).length} files into dist/widget/`);
}
