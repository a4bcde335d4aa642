// Builds the widget into dist/widget/: content-hashed ES module flow and language chunks, the classic regain.js, and manifest.json with SRI.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin, transform } from 'esbuild';
import { assertWithinBudget, type Budgets, budgets, type SizeReport } from './budget.ts';
import { emitTypes } from './emit-types.ts';
import { sizeReport } from './measure.ts';

const widgetDir = fileURLToPath(new URL('..', import.meta.url));
/** The admin console's file, minified then gzip -9. */
export const consoleBudget = 80 * 1024;
export const defaultOutDir = fileURLToPath(new URL('../../dist/widget/', import.meta.url));

/** The flow entries by name, and the key regain.js finds each under in `__REGAIN_CHUNKS__`. */
const flowEntries = [
  { name: 'reset', file: 'flows/reset-entry.tsx', key: 'reset' },
  { name: 'registration', file: 'flows/registration-entry.tsx', key: 'registration' },
  { name: 'change-password', file: 'flows/change-password-entry.tsx', key: 'changePassword' },
] as const;

export interface ManifestFile {
  integrity: string;
  bytes: number;
}
export interface WidgetManifest {
  /**
   * The entry points by name: `regain` (the classic script), `module` (`regain.mjs`, the ES module with the mount
   * functions), `console` (the admin console's app) and one per flow (`reset`, `registration`, `change-password`).
   */
  entries: Record<string, string>;
  /** Each flow's entry chunk, then the chunks it imports statically: what to `modulepreload`. */
  flows: Record<string, string[]>;
  /** Each language's catalog chunk, loaded by the flows on demand (English is built in). */
  locales: Record<string, string>;
  files: Record<string, ManifestFile>;
}

export interface BuildOptions {
  budgets?: Budgets;
  /** Throw, writing nothing, when a file is over its budget (default true; the size bench reports instead). */
  enforceBudgets?: boolean;
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

/** A catalog chunk is the entry point esbuild made of a dynamic `import('./locales/<lang>.ts')`. */
const localeEntry = /(?:^|\/)i18n\/locales\/([a-z]{2,3}(?:-[A-Za-z0-9]+)*)\.ts$/;

/** An output and every chunk it imports statically (not the lazy ones), entry first. */
function staticClosure(meta: Metafile, out: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const o = meta.outputs[path];
    for (const i of o?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
    if (o?.cssBundle) visit(o.cssBundle);
  };
  visit(out);
  return [...seen].map((p) => basename(p));
}

/** Builds, measures and writes everything; returns the manifest it wrote and the sizes. */
export async function buildWidgetWithSizes(
  outDir = defaultOutDir,
  o: BuildOptions = {},
): Promise<{ manifest: WidgetManifest; sizes: SizeReport }> {
  const entryPoints: Record<string, string> = {};
  for (const e of flowEntries) {
    const path = join(widgetDir, e.file);
    if (existsSync(path)) entryPoints[e.name] = path;
    else if (e.name === 'reset') throw new Error(`widget build: ${path} is missing`);
    else console.warn(`widget build: skipping the ${e.name} flow, ${e.file} does not exist yet`);
  }
  const flows = await build({
    ...common,
    entryPoints,
    format: 'esm',
    splitting: true,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    // Language chunks take their file's name (`de-<hash>.js`); shared chunks are `chunk-<hash>.js`.
    chunkNames: '[name]-[hash]',
    // Module scripts are always UTF-8; escaping Japanese and Arabic as \uXXXX would double the catalogs.
    charset: 'utf8',
    metafile: true,
    plugins: [cssText],
  });
  const entries: Record<string, string> = {};
  const flowFiles: Record<string, string[]> = {};
  const locales: Record<string, string> = {};
  for (const [out, meta] of Object.entries(flows.metafile.outputs)) {
    const entry = meta.entryPoint ?? '';
    const flow = flowEntries.find((e) => entryPoints[e.name] && entry.endsWith(e.file));
    if (flow) {
      entries[flow.name] = basename(out);
      flowFiles[flow.name] = staticClosure(flows.metafile, out);
    }
    const lang = localeEntry.exec(entry)?.[1];
    if (lang) locales[lang] = basename(out);
  }
  if (!entries.reset) throw new Error('widget build: no reset entry');
  const chunks: Record<string, string> = {};
  for (const e of flowEntries) if (entries[e.name]) chunks[e.key] = `./${entries[e.name]}`;
  const embed = await build({
    ...common,
    entryPoints: [join(widgetDir, 'embed/regain.ts')],
    format: 'iife',
    outfile: join(outDir, 'regain.js'),
    // `{ reset, registration, changePassword }`: each flow's chunk relative to regain.js (`./reset-<hash>.js`).
    define: { __REGAIN_CHUNKS__: JSON.stringify(chunks) },
  });
  entries.regain = 'regain.js';
  // The ES module entry is built on its own (files `m-*`), so it changes nothing in the flows' chunk graph:
  // adding it to the build above would split every flow into one more request.
  const module = await build({
    ...common,
    entryPoints: { 'm-index': join(widgetDir, 'index.ts') },
    format: 'esm',
    splitting: true,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    chunkNames: 'm-[name]-[hash]',
    charset: 'utf8',
    metafile: true,
    plugins: [cssText],
  });
  for (const [out, meta] of Object.entries(module.metafile.outputs))
    if (meta.entryPoint?.endsWith('widget/index.ts')) entries.module = basename(out);
  // The admin console (served at /admin/ by the service): one file, built here so it shares the widget's settings.
  const consoleApp = await build({
    ...common,
    entryPoints: { console: join(widgetDir, 'console/console-main.tsx') },
    format: 'esm',
    outdir: outDir,
    entryNames: '[name]-[hash]',
    charset: 'utf8',
    metafile: true,
    plugins: [cssText],
  });
  for (const [out, meta] of Object.entries(consoleApp.metafile.outputs))
    if (meta.entryPoint?.endsWith('console/console-main.tsx')) entries.console = basename(out);
  const bodies = new Map<string, Uint8Array>();
  for (const f of [
    ...(flows.outputFiles ?? []),
    ...(embed.outputFiles ?? []),
    ...(module.outputFiles ?? []),
    ...(consoleApp.outputFiles ?? []),
  ])
    bodies.set(basename(f.path), f.contents);
  const consoleBody = entries.console ? bodies.get(entries.console) : undefined;
  if (!consoleBody) throw new Error('widget build: no console entry');
  const consoleGzip = gzipSync(consoleBody, { level: 9 }).length;
  // The console's first load (issue: ≤ 80 KB gzip) is this one file; its page and API answers are small.
  if (o.enforceBudgets !== false && consoleGzip > consoleBudget)
    throw new Error(`widget build: the console is ${consoleGzip} B gzip, over its ${consoleBudget} B budget`);
  if (!entries.module) throw new Error('widget build: no module entry');
  // `import { mountReset } from 'https://reset.example.org/widget/regain.mjs'` works in browsers and bundlers.
  bodies.set('regain.mjs', new TextEncoder().encode(`export * from './${entries.module}';\n`));
  entries.module = 'regain.mjs';
  const sizes = sizeReport(bodies, { embed: 'regain.js', flows: flowFiles, locales });
  // Checked before anything is written, so a build over budget leaves the previous dist/widget/ in place.
  if (o.enforceBudgets !== false) assertWithinBudget(sizes, o.budgets ?? budgets);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const files: Record<string, ManifestFile> = {};
  for (const [name, body] of [...bodies].sort(([a], [b]) => a.localeCompare(b))) {
    await writeFile(join(outDir, name), body);
    files[name] = {
      integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
      bytes: body.length,
    };
  }
  const manifest: WidgetManifest = { entries, flows: flowFiles, locales, files };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, sizes };
}

/** Builds everything and returns the manifest it wrote; throws when a file is over its budget. */
export async function buildWidget(outDir = defaultOutDir, o: BuildOptions = {}): Promise<WidgetManifest> {
  return (await buildWidgetWithSizes(outDir, o)).manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? defaultOutDir;
  const m = await buildWidget(out);
  await emitTypes(out);
  console.log(`built ${Object.keys(m.files).length} files and the module's types into ${out}`);
}
