// The service's import graph: server/ never reaches the demo, the extension or the widget, and flows never reach HTTP.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every relative module a file names: static imports and re-exports, type-only ones included, and import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(root, resolve(dirname(file), s)));
}

const edges = sources(join(root, 'server')).flatMap((file) =>
  importsOf(file).map((to) => ({ from: relative(root, file), to })),
);

describe('import graph', () => {
  it('reads the graph it checks', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'server/runtime.ts', to: 'server/http/app.ts' });
  });

  it('server/ imports nothing from demo/, extension/ or widget/', () => {
    expect(edges.filter((e) => /^(demo|extension|widget)\//.test(e.to))).toEqual([]);
  });

  it('the flows import nothing from the HTTP layer', () => {
    expect(
      edges.filter((e) => e.from.startsWith('server/flows/') && e.to.startsWith('server/http/')),
    ).toEqual([]);
  });
});
