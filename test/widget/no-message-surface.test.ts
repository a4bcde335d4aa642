// SECURITY case 43, static half: the built widget listens to no postMessage, posts none, and opens no frame.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../widget/build/build-widget.ts';

let dir = '';
let files: { name: string; text: string }[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regain-widget-surface-'));
  await buildWidget(dir);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.js'));
  files = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })),
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What would give a page (or a frame) a channel into the widget, or the widget a channel out. */
const surfaces: [string, RegExp][] = [
  ['a message listener', /addEventListener\(\s*["'`]message["'`]/],
  ['an onmessage handler', /\.onmessage\s*=/],
  ['postMessage', /\bpostMessage\s*\(/],
  ['an iframe', /["'`]iframe["'`]/],
  ['a cookie', /document\.cookie/],
  ['eval or Function', /\beval\s*\(|\bnew Function\s*\(/],
];

describe('the widget bundle has no cross-window surface', () => {
  it('builds some files to check', () => {
    expect(files.map((f) => f.name)).toContain('regain.js');
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(surfaces)('contains no %s', (_what, pattern) => {
    expect(files.filter((f) => pattern.test(f.text)).map((f) => f.name)).toEqual([]);
  });

  it('the patterns do find what they look for', () => {
    for (const [, pattern] of surfaces) expect(pattern.test('x')).toBe(false);
    expect(surfaces[0]?.[1].test('window.addEventListener("message",f)')).toBe(true);
    expect(surfaces[2]?.[1].test('parent.postMessage(x,"*")')).toBe(true);
  });
});
