// The ES module entry's declarations: a TypeScript user of regain.mjs gets the mount functions typed, and misuse fails.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitTypes } from '../../widget/build/emit-types.ts';

const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
let dir = '';
let index = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regain-types-'));
  index = await emitTypes(dir);
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Type-checks `code` as a consumer's module importing the declarations; returns tsc's complaints. */
async function check(code: string): Promise<string> {
  const file = join(dir, 'consumer.ts');
  await writeFile(file, code.replaceAll('%INDEX%', index.replace(/\.d\.ts$/, '.js')));
  const args = [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022'];
  try {
    // Run from the temporary folder: tsc refuses file arguments where a tsconfig.json sits.
    await promisify(execFile)(process.execPath, [...args, '--lib', 'es2022,dom', '--skipLibCheck', file], {
      cwd: dir,
    });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout);
  }
}

describe('regain.mjs declarations', () => {
  it('type mountReset, mountRegistration, mountRegistrationPrompt and mountChangePassword', async () => {
    const ok = await check(`
      import { mountReset, mountRegistration, mountRegistrationPrompt, mountChangePassword } from '%INDEX%';
      declare const el: HTMLElement;
      const unmount: () => void = mountReset(el, { api: 'https://reset.example.org', username: 'alice', locale: 'de' });
      mountRegistration(el, { api: 'https://reset.example.org' });
      mountRegistrationPrompt(el, { api: 'https://reset.example.org', ticket: 't' });
      mountChangePassword(el, { api: 'https://reset.example.org', strings: { 'change.title': 'New password' } });
      unmount();
    `);
    expect(ok).toBe('');
  }, 60_000);

  it('reject a call without the service origin and an unknown string key', async () => {
    const bad = await check(`
      import { mountReset } from '%INDEX%';
      declare const el: HTMLElement;
      mountReset(el, { username: 'alice' });
      mountReset(el, { api: 'x', strings: { 'no.such.key': 'x' } });
    `);
    expect(bad).toMatch(/api/);
    expect(bad).toMatch(/no\.such\.key/);
  }, 60_000);
});
