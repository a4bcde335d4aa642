// Measures built widget files (raw and gzip -9) and groups them per flow and per language for the budgets.
import { gzipSync } from 'node:zlib';
import type { FileSize, SizeReport } from './budget.ts';

/** The gzip -9 size: what a server compressing at its best sends (brotli would be smaller still). */
export function gzipSize(body: Uint8Array): number {
  return gzipSync(body, { level: 9 }).length;
}

export interface BuildLayout {
  /** The classic script's file name. */
  embed: string;
  /** Each flow's files: its entry chunk, then the chunks it imports statically. */
  flows: Record<string, string[]>;
  /** Each language's catalog chunk. */
  locales: Record<string, string>;
}

/** Sizes every file in `bodies` (name → contents) and sums each flow's files. */
export function sizeReport(bodies: ReadonlyMap<string, Uint8Array>, layout: BuildLayout): SizeReport {
  const files: FileSize[] = [...bodies]
    .filter(([name]) => /\.(js|css)$/.test(name))
    .map(([name, body]) => ({ name, bytes: body.length, gzip: gzipSize(body) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const size = (name: string): FileSize => {
    const f = files.find((x) => x.name === name);
    if (!f) throw new Error(`widget size: ${name} was not built`);
    return f;
  };
  return {
    files,
    embed: size(layout.embed),
    flows: Object.entries(layout.flows).map(([name, names]) => ({
      name,
      files: names,
      bytes: names.reduce((n, x) => n + size(x).bytes, 0),
      gzip: names.reduce((n, x) => n + size(x).gzip, 0),
    })),
    locales: Object.entries(layout.locales).map(([locale, name]) => ({ locale, ...size(name) })),
  };
}
