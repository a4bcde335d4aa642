// In real Chromium: a self-hosted CRX force-installed through ExtensionInstallForcelist and configured only by policy.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFromKey } from '../../extension/package/key-id.ts';
import { type PackageResult, packageExtension } from '../../extension/package/package-extension.ts';
import { loadSigningKey } from '../../extension/package/signing-key.ts';
import {
  accessibleNames,
  countExtensionWorlds,
  launchManagedChromium,
  type ManagedBrowser,
  reloadPoliciesUntil,
} from '../helpers/chromium-managed.ts';
import { startDemoFor } from '../helpers/demo.ts';
import { type UnpackedBuilds, unpackedBuilds } from '../helpers/extension-builds.ts';
import { writeThrowawayKey } from '../helpers/extension-key.ts';
import { removeManagedPolicies, writeManagedPolicy } from '../helpers/managed-policy.ts';
import { startService, type TestService } from '../helpers/service.ts';
import { startUpdateServer, type UpdateServer } from '../helpers/update-server.ts';

let dir: string;
let builds: UnpackedBuilds;
let t: TestService;
let demo: { url: string; close(): Promise<void> };
let updates: UpdateServer;
let pkg: PackageResult;
let browser: ManagedBrowser | undefined;
let id: string;

beforeAll(async () => {
  await removeManagedPolicies('pkg');
  dir = await mkdtemp(join(tmpdir(), 'regain-force-'));
  builds = await unpackedBuilds(join(dir, 'build'), { firefox: false });
  const key = (await loadSigningKey((await writeThrowawayKey(dir)).path))!;
  id = await idFromKey(key.key);
  // The extension pages call the service from their own origin, which the service must allow.
  t = await startService('pglite', { config: { corsOrigins: [`chrome-extension://${id}`] } });
  demo = await startDemoFor(t);
  updates = await startUpdateServer();
  pkg = await packageExtension({
    chromeDir: builds.chromeDir,
    outDir: join(dir, 'out'),
    baseUrl: updates.url,
    serviceUrl: t.url,
    key,
    log: () => {},
  });
  updates.serve('/updates.xml', pkg.updateXml!, 'text/xml');
  updates.serve(new URL(pkg.codebase).pathname, pkg.crx!, 'application/x-chrome-extension');

  // The helpdesk template as packaged, pointed at this demo's sign-in page: what an administrator deploys.
  const policy = JSON.parse(await readFile(join(dir, 'out', 'policy', 'chrome-linux.json'), 'utf8'));
  policy['3rdparty'].extensions[id].signInPages = [
    { match: `${demo.url}/plain*`, usernameSelector: '#username', passwordSelector: '#password' },
  ];
  await writeManagedPolicy('forcelist', policy);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await removeManagedPolicies('pkg');
  await updates?.close();
  await demo?.close();
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const crxFetched = () => updates.requests.some((r) => r.startsWith(new URL(pkg.codebase).pathname));

describe('force-install from a self-hosted CRX', () => {
  it('installs the signed CRX from the update URL with no --load-extension', async () => {
    browser = await launchManagedChromium();
    await expect.poll(crxFetched, { timeout: 30_000, interval: 200 }).toBe(true);
    const check = updates.requests.find((r) => r.startsWith('/updates.xml'))!;
    // Chromium asks for exactly our id, and says the install comes from policy.
    expect(decodeURIComponent(check)).toContain(`id=${id}`);
    expect(decodeURIComponent(check)).toContain('installedby=policy');
  }, 60_000);

  it('reads its configuration from policy and adds the help link on the configured page only', async () => {
    const page = await browser!.context.newPage();
    const helpText = "Can't access your account?";
    const linkShown = async () =>
      (await accessibleNames(page)).some((n) => n.name === helpText && /link|button/i.test(n.role));
    // The extension's own policy (serviceUrl) shows up once Chromium knows its schema and re-reads policy.
    await reloadPoliciesUntil(browser!.context, 'serviceUrl');
    // It re-registers its script when the managed values arrive (storage.onChanged), a moment later.
    await page.goto(`${demo.url}/plain`);
    await expect
      .poll(
        async () => {
          if (await linkShown()) return true;
          await page.reload();
          return false;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    // Through the page: a link with the help text, and the content script's isolated world of exactly this id.
    const worlds = await countExtensionWorlds(page, id);
    await page.reload();
    await expect.poll(linkShown, { timeout: 5_000 }).toBe(true);
    expect(worlds.count()).toBeGreaterThan(0);

    // A fresh page: Runtime.enable replays the worlds already in a page, and this one just had ours.
    await page.close();
    const other = await browser!.context.newPage();
    const unlisted = await countExtensionWorlds(other);
    await other.goto(`${demo.url}/unlisted`);
    await other.waitForLoadState('load');
    // A wrongly registered script would run at document_idle, after load.
    await other.waitForTimeout(500);
    expect(unlisted.count()).toBe(0);
    expect((await accessibleNames(other)).some((n) => n.name === helpText)).toBe(false);
    await other.close();
  }, 60_000);
});
