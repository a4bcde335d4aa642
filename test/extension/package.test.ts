// npm run package end to end: store zip, signed CRX3 and update XML, linted Firefox build, filled policy templates.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionIdFromKey } from '../../extension/lib/extension-id.ts';
import { idFromKey } from '../../extension/package/key-id.ts';
import { type PackageResult, packageExtension } from '../../extension/package/package-extension.ts';
import { fillTemplate, policyTemplates, templateDir } from '../../extension/package/policy-fill.ts';
import { loadSigningKey, type SigningKey } from '../../extension/package/signing-key.ts';
import { readManifest } from '../../extension/package/stage.ts';
import { lintFirefox } from '../../extension/package/web-ext-steps.ts';
import { parseCrx3 } from '../helpers/crx-header.ts';
import { type UnpackedBuilds, unpackedBuilds } from '../helpers/extension-builds.ts';
import { writeThrowawayKey } from '../helpers/extension-key.ts';
import { type PlistValue, parsePlist } from '../helpers/plist.ts';
import { parseRegFile } from '../helpers/reg-file.ts';
import { parseXml } from '../helpers/xml-tree.ts';
import { zipEntries } from '../helpers/zip-entries.ts';

const baseUrl = 'https://updates.example.net/regain/';
const serviceUrl = 'https://reset.example.net';
const quiet = () => {};

let dir: string;
let builds: UnpackedBuilds;
let key: SigningKey;
let keyPath: string;
let r: PackageResult;
let version: string;
const managedSchema = JSON.parse(
  await readFile(new URL('../../extension/managed-schema.json', import.meta.url), 'utf8'),
) as { properties: Record<string, { items?: { enum?: string[] } }> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regain-pkg-'));
  builds = await unpackedBuilds(join(dir, 'build'));
  const k = await writeThrowawayKey(dir);
  keyPath = k.path;
  key = (await loadSigningKey(k.path))!;
  version = (await readManifest(builds.chromeDir)).version!;
  r = await packageExtension({ ...builds, outDir: join(dir, 'out'), baseUrl, serviceUrl, key, log: quiet });
}, 180_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const manifestIn = (archive: Buffer) =>
  JSON.parse(zipEntries(archive).get('manifest.json')!.toString('utf8'));

/** The extension's managed configuration in a template must use the schema's names and values only. */
function expectSchemaKeys(config: Record<string, unknown>): void {
  for (const k of Object.keys(config)) expect(managedSchema.properties).toHaveProperty(k);
  const allowed = managedSchema.properties.presets?.items?.enum;
  if (allowed) for (const p of config.presets as string[]) expect(allowed).toContain(p);
  expect(config.serviceUrl).toBe(serviceUrl);
  expect(Array.isArray(config.signInPages)).toBe(true);
}

describe('npm run package', () => {
  it('builds the store zip with the version and without key or update_url', async () => {
    expect(r.chromeZip).toBe(join(dir, 'out', `regain-chrome-${version}.zip`));
    const m = manifestIn(await readFile(r.chromeZip));
    expect(m.version).toBe(version);
    expect(m.manifest_version).toBe(3);
    expect(m).not.toHaveProperty('key');
    expect(m).not.toHaveProperty('update_url');
  });

  it('signs a CRX3 whose header id matches the id derived from the key', async () => {
    const crx = parseCrx3(await readFile(r.crx!));
    expect(crx.magic).toBe('Cr24');
    expect(crx.version).toBe(3);
    expect(crx.signaturesValid).toBe(true);
    const id = await idFromKey(key.key);
    expect(r.extensionId).toBe(id);
    // The header's crx_id is the raw 16 bytes; the id is the same bytes with 0-f spelled a-p.
    expect([...crx.crxIdHex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('')).toBe(id);
    // And the key in the header is the signing key.
    expect(await extensionIdFromKey(crx.rsaKeys[0]!)).toBe(id);
    const m = manifestIn(crx.zip);
    expect(m.version).toBe(version);
    expect(m.update_url).toBe(`${baseUrl}updates.xml`);
    expect(m.key).toBe(crx.rsaKeys[0]!.toString('base64'));
  });

  it('writes a well-formed gupdate manifest with appid, codebase and version', async () => {
    const xml = parseXml(await readFile(r.updateXml!, 'utf8'));
    expect(xml.name).toBe('gupdate');
    expect(xml.attrs.xmlns).toBe('http://www.google.com/update2/response');
    const app = xml.children.find((c) => c.name === 'app')!;
    expect(app.attrs.appid).toBe(r.extensionId);
    const check = app.children.find((c) => c.name === 'updatecheck')!;
    expect(check.attrs).toMatchObject({ codebase: `${baseUrl}regain-${version}.crx`, version });
  });

  it('fills the Linux JSON policies for Chrome and Edge', async () => {
    for (const file of ['chrome-linux.json', 'edge-linux.json']) {
      const text = await readFile(join(dir, 'out', 'policy', file), 'utf8');
      expect(text).not.toContain('{{');
      const p = JSON.parse(text);
      expect(p.ExtensionInstallForcelist).toEqual([`${r.extensionId};${r.updateUrl}`]);
      expect(p.ExtensionSettings[r.extensionId!]).toMatchObject({
        installation_mode: 'force_installed',
        update_url: r.updateUrl,
      });
      expectSchemaKeys(p['3rdparty'].extensions[r.extensionId!]);
    }
  });

  it('fills the Windows .reg with JSON-string objects and arrays under Chrome and Edge', async () => {
    const text = await readFile(join(dir, 'out', 'policy', 'windows.reg'), 'utf8');
    expect(text).toContain(r.extensionId);
    const reg = parseRegFile(text);
    for (const vendor of ['Google\\Chrome', 'Microsoft\\Edge']) {
      const root = `HKEY_LOCAL_MACHINE\\Software\\Policies\\${vendor}`;
      expect(reg.get(`${root}\\ExtensionInstallForcelist`)?.get('1')).toBe(`${r.extensionId};${r.updateUrl}`);
      const settings = JSON.parse(String(reg.get(root)?.get('ExtensionSettings')));
      expect(settings[r.extensionId!]).toMatchObject({
        installation_mode: 'force_installed',
        update_url: r.updateUrl,
      });
      const policy = reg.get(`${root}\\3rdparty\\extensions\\${r.extensionId}\\policy`)!;
      const config: Record<string, unknown> = {};
      for (const [k, v] of policy) config[k] = typeof v === 'string' && /^[[{]/.test(v) ? JSON.parse(v) : v;
      expectSchemaKeys(config);
      expect(config.registrationPrompt).toBe(1);
    }
  });

  it('fills the macOS .mobileconfig as a plist with install and configuration payloads', async () => {
    const text = await readFile(join(dir, 'out', 'policy', 'macos.mobileconfig'), 'utf8');
    expect(text).toContain(r.extensionId);
    const profile = parsePlist(text) as Record<string, PlistValue>;
    expect(profile.PayloadType).toBe('Configuration');
    const payloads = profile.PayloadContent as Record<string, PlistValue>[];
    const byType = new Map(payloads.map((p) => [p.PayloadType as string, p]));
    for (const app of ['com.google.Chrome', 'com.microsoft.Edge']) {
      expect(byType.get(app)?.ExtensionInstallForcelist).toEqual([`${r.extensionId};${r.updateUrl}`]);
      const config = { ...byType.get(`${app}.extensions.${r.extensionId}`)! } as Record<string, unknown>;
      for (const k of Object.keys(config)) if (k.startsWith('Payload')) delete config[k];
      expectSchemaKeys(config);
    }
    const uuids = payloads.map((p) => p.PayloadUUID).concat(profile.PayloadUUID!);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('fills the Firefox policies.json with ExtensionSettings and 3rdparty.Extensions', async () => {
    const p = JSON.parse(await readFile(join(dir, 'out', 'policy', 'firefox-policies.json'), 'utf8'));
    const gecko = r.geckoId!;
    expect(gecko).toMatch(/@/);
    expect(p.policies.ExtensionSettings[gecko]).toEqual({
      installation_mode: 'force_installed',
      install_url: `${baseUrl}regain-firefox-${version}.xpi`,
    });
    expectSchemaKeys(p.policies['3rdparty'].Extensions[gecko]);
  });

  it('lints the Firefox build clean with web-ext and zips the xpi', async () => {
    expect(r.lint?.errors).toEqual([]);
    const again = await lintFirefox(join(dir, 'out', 'unpacked', 'firefox'));
    expect(again.errors).toEqual([]);
    // The one warning left is Preact's dangerouslySetInnerHTML path, which nothing uses (extension/README.md).
    expect(again.warnings.map((w) => w.code)).toEqual(['UNSAFE_VAR_ASSIGNMENT']);
    const m = manifestIn(await readFile(r.xpi!));
    expect(m.version).toBe(version);
    expect(m.browser_specific_settings.gecko.id).toBe(r.geckoId);
    expect(m).not.toHaveProperty('key');
  });

  it('narrows host permissions and matches with --hosts, in every package', async () => {
    const out = join(dir, 'narrow');
    const n = await packageExtension({
      ...builds,
      outDir: out,
      baseUrl,
      serviceUrl,
      key,
      hosts: ['login.contoso.com', '*.okta.com', 'http://127.0.0.1:8080'],
      log: quiet,
    });
    const patterns = ['https://login.contoso.com/*', 'https://*.okta.com/*', 'http://127.0.0.1:8080/*'];
    expect(n.hostPatterns).toEqual(patterns);
    const manifests = [
      manifestIn(parseCrx3(await readFile(n.crx!)).zip),
      manifestIn(await readFile(n.chromeZip)),
      manifestIn(await readFile(n.xpi!)),
    ];
    for (const m of manifests) {
      expect(m.host_permissions).toEqual(patterns);
      expect(m).not.toHaveProperty('optional_host_permissions');
      for (const w of m.web_accessible_resources ?? []) if (w.matches) expect(w.matches).toEqual(patterns);
      for (const cs of m.content_scripts ?? []) expect(cs.matches).toEqual(patterns);
    }
    // The organization's build is still the same extension: same key, same id.
    expect(n.extensionId).toBe(r.extensionId);
  });

  it('takes the signing key from REGAIN_CRX_KEY, and skips the CRX rather than inventing a key', async () => {
    const pem = await readFile(keyPath, 'utf8');
    const fromEnv = await loadSigningKey(undefined, { REGAIN_CRX_KEY: pem.replaceAll('\n', '\\n') });
    expect(await idFromKey(fromEnv!.key)).toBe(r.extensionId);
    expect(await loadSigningKey(undefined, {})).toBeUndefined();
    await expect(loadSigningKey(join(dir, 'missing.pem'))).rejects.toThrow();
    const out = join(dir, 'nokey');
    const n = await packageExtension({ ...builds, outDir: out, baseUrl, serviceUrl, log: quiet });
    expect(n.crx).toBeUndefined();
    expect(n.updateXml).toBeUndefined();
    // Policies then name the development id from the manifest key, when the build has one.
    if (builds.real) expect(n.idSource).toBe('manifest key');
  });

  it('checks in templates with placeholders only, and refuses values that would need escaping', async () => {
    for (const t of policyTemplates) {
      const text = await readFile(join(templateDir, t.file), 'utf8');
      expect(text).toContain(
        '{{EXTENSION_ID}}'.replace(
          'EXTENSION_ID',
          t.file.startsWith('firefox') ? 'GECKO_ID' : 'EXTENSION_ID',
        ),
      );
      expect(text).not.toMatch(/[a-p]{32}/);
    }
    const v = {
      extensionId: 'a'.repeat(32),
      updateUrl: baseUrl,
      serviceUrl,
      geckoId: 'x@y',
      xpiUrl: baseUrl,
    };
    expect(() => fillTemplate('"{{SERVICE_URL}}"', 'json', { ...v, serviceUrl: 'https://x/"}' })).toThrow();
    expect(fillTemplate('<s>{{UPDATE_URL}}</s>', 'xml', { ...v, updateUrl: 'https://u/?a=1&b=2' })).toBe(
      '<s>https://u/?a=1&amp;b=2</s>',
    );
  });
});
