// A throwaway MV3 extension (Chrome and Firefox builds) that stands in for the real one in packaging tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Managed schema in the shape of extension/managed-schema.json, cut down to what the stand-in reads. */
const schema = {
  type: 'object',
  properties: {
    serviceUrl: { type: 'string' },
    signInPages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          match: { type: 'string' },
          usernameSelector: { type: 'string' },
          passwordSelector: { type: 'string' },
          anchorSelector: { type: 'string' },
          successUrl: { type: 'string' },
        },
      },
    },
    presets: { type: 'array', items: { type: 'string' } },
    registrationPrompt: { type: 'boolean' },
  },
};

/**
 * Registers the content script only on the sign-in pages that managed policy lists, like the real background
 * does, so a marked page proves the extension was both installed and configured by policy.
 */
const background = `
async function sync() {
  let cfg = {};
  try { cfg = await chrome.storage.managed.get(null); } catch { cfg = {}; }
  await chrome.scripting.unregisterContentScripts();
  const pages = Array.isArray(cfg.signInPages) ? cfg.signInPages : [];
  const matches = pages.map((p) => p && p.match).filter((m) => typeof m === 'string');
  if (matches.length) {
    await chrome.scripting.registerContentScripts([
      { id: 'tiny', matches, js: ['content.js'], runAt: 'document_idle', allFrames: true, persistAcrossSessions: false },
    ]);
  }
}
let queue = Promise.resolve();
const run = () => { queue = queue.then(sync, sync); };
chrome.runtime.onInstalled.addListener(run);
chrome.runtime.onStartup.addListener(run);
chrome.storage.onChanged.addListener((_c, area) => { if (area === 'managed') run(); });
run();
`;

const content = `
(async () => {
  const root = document.documentElement;
  root.dataset.regainTiny = chrome.runtime.getManifest().version;
  const cfg = await chrome.storage.managed.get(null).catch(() => ({}));
  root.dataset.regainServiceUrl = typeof cfg.serviceUrl === 'string' ? cfg.serviceUrl : '';
  const link = document.createElement('a');
  link.id = 'regain-tiny-help';
  link.href = '#';
  link.textContent = "Can't access your account?";
  (document.querySelector('#password') ?? document.body).after(link);
})();
`;

export interface TinyExtension {
  chromeDir: string;
  firefoxDir: string;
  version: string;
  geckoId: string;
}

/** Writes both builds under `root`; `devKey` is the manifest `key` (base64 DER SPKI), as the real build carries. */
export async function writeTinyExtension(
  root: string,
  opts: { version?: string; devKey?: string } = {},
): Promise<TinyExtension> {
  const version = opts.version ?? '1.2.3';
  const geckoId = 'regain-test@example.org';
  const common = {
    manifest_version: 3,
    name: 'Regain test stand-in',
    version,
    description: 'Packaging test fixture',
    permissions: ['storage', 'scripting'],
    host_permissions: ['http://127.0.0.1/*', 'https://*/*'],
    storage: { managed_schema: 'schema.json' },
    content_scripts: [
      { matches: ['https://login.example.com/*'], js: ['content.js'], run_at: 'document_idle' },
    ],
    web_accessible_resources: [{ resources: ['page.html'], matches: ['https://*/*'], use_dynamic_url: true }],
  };
  const chrome = {
    ...common,
    ...(opts.devKey ? { key: opts.devKey } : {}),
    background: { service_worker: 'background.js' },
  };
  const firefox = {
    ...common,
    background: { scripts: ['background.js'] },
    browser_specific_settings: {
      gecko: {
        id: geckoId,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
  const chromeDir = join(root, 'extension');
  const firefoxDir = join(root, 'extension-firefox');
  for (const [dir, manifest] of [
    [chromeDir, chrome],
    [firefoxDir, firefox],
  ] as const) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await writeFile(join(dir, 'schema.json'), JSON.stringify(schema, null, 2));
    await writeFile(join(dir, 'background.js'), background);
    await writeFile(join(dir, 'content.js'), content);
    await writeFile(join(dir, 'page.html'), '<!doctype html><meta charset="utf-8"><title>Regain</title>');
  }
  return { chromeDir, firefoxDir, version, geckoId };
}
