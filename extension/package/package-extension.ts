// Packaging pipeline: store zip, linted Firefox xpi, signed self-hosted CRX with its update XML, filled policies.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionIdFromKey } from '../lib/extension-id.ts';
import { signCrx } from './crx.ts';
import { manifestKeyFor } from './key-id.ts';
import {
  forFirefox,
  forSelfHosted,
  forStore,
  geckoId,
  hostsToMatchPatterns,
  type Manifest,
  narrowHosts,
  versionOf,
} from './manifest-rewrite.ts';
import { writeFilledPolicies } from './policy-fill.ts';
import type { SigningKey } from './signing-key.ts';
import { readManifest, stageCopy } from './stage.ts';
import { updateManifestXml } from './update-manifest.ts';
import { formatLintMessage, type LintResult, lintFirefox, zipDir } from './web-ext-steps.ts';

export interface PackageOptions {
  /** Unpacked Chrome/Edge build (dist/extension). */
  chromeDir: string;
  /** Unpacked Firefox build (dist/extension-firefox); without it the xpi and Firefox policy are skipped. */
  firefoxDir?: string;
  /** Output directory (dist/package). */
  outDir: string;
  /** Where the CRX, updates.xml and the signed xpi will be served from; must end with a slash. */
  baseUrl: string;
  /** The Regain service the policy templates point the extension at. */
  serviceUrl: string;
  key?: SigningKey;
  /** Hosts to narrow the organization's build to (see hostsToMatchPatterns). */
  hosts?: string[];
  log?: (line: string) => void;
}

export interface PackageResult {
  version: string;
  /** The id the self-hosted CRX installs as (from the signing key), else the development `key`'s, else undefined. */
  extensionId?: string;
  idSource: 'signing key' | 'manifest key' | 'none';
  chromeZip: string;
  crx?: string;
  updateXml?: string;
  updateUrl: string;
  codebase: string;
  xpi?: string;
  xpiUrl: string;
  geckoId?: string;
  lint?: LintResult;
  policies: string[];
  hostPatterns?: string[];
}

export async function packageExtension(o: PackageOptions): Promise<PackageResult> {
  const log = o.log ?? ((l: string) => console.log(l));
  if (!o.baseUrl.endsWith('/')) throw new Error(`--base-url must end with "/" (got ${o.baseUrl})`);
  const src = await readManifest(o.chromeDir);
  const version = versionOf(src);
  const patterns = o.hosts?.length ? hostsToMatchPatterns(o.hosts) : undefined;
  const narrow = (m: Manifest) => (patterns ? narrowHosts(m, patterns) : m);
  const stageRoot = join(o.outDir, 'unpacked');
  await mkdir(o.outDir, { recursive: true });

  const updateUrl = new URL('updates.xml', o.baseUrl).href;
  const codebase = new URL(`regain-${version}.crx`, o.baseUrl).href;
  const xpiUrl = new URL(`regain-firefox-${version}.xpi`, o.baseUrl).href;

  // (2) The store zip: what the Chrome Web Store and Edge Add-ons take.
  const storeDir = join(stageRoot, 'chrome-store');
  await stageCopy(o.chromeDir, storeDir, (m) => forStore(narrow(m)));
  const chromeZip = await zipDir(storeDir, join(o.outDir, `regain-chrome-${version}.zip`));
  log(`chrome/edge store zip  ${chromeZip}`);

  // (3) Firefox: xpi plus the linter AMO runs; errors stop here, warnings are printed.
  let xpi: string | undefined;
  let lint: LintResult | undefined;
  let gecko: string | undefined;
  if (o.firefoxDir) {
    const ffDir = join(stageRoot, 'firefox');
    const ffManifest = await stageCopy(o.firefoxDir, ffDir, (m) => forFirefox(narrow(m)));
    gecko = geckoId(ffManifest);
    lint = await lintFirefox(ffDir);
    for (const w of lint.warnings) log(`web-ext lint warning  ${formatLintMessage(w)}`);
    if (lint.errors.length) {
      throw new Error(
        `web-ext lint found ${lint.errors.length} error(s):\n${lint.errors.map(formatLintMessage).join('\n')}`,
      );
    }
    xpi = await zipDir(ffDir, join(o.outDir, `regain-firefox-${version}.xpi`));
    log(`firefox xpi (unsigned) ${xpi}  lint: 0 errors, ${lint.warnings.length} warnings`);
  }

  // (4) The signed CRX and its update manifest, for self-hosting and ExtensionInstallForcelist.
  let crx: string | undefined;
  let updateXml: string | undefined;
  let extensionId: string | undefined;
  let idSource: PackageResult['idSource'] = 'none';
  if (o.key) {
    const crxDir = join(stageRoot, 'chrome-crx');
    await stageCopy(o.chromeDir, crxDir, (m) =>
      forSelfHosted(narrow(m), updateUrl, manifestKeyFor(o.key!.key)),
    );
    crx = join(o.outDir, `regain-${version}.crx`);
    extensionId = await signCrx(crxDir, crx, o.key);
    idSource = 'signing key';
    updateXml = join(o.outDir, 'updates.xml');
    await writeFile(updateXml, updateManifestXml(extensionId, codebase, version));
    log(`signed crx             ${crx}  (key from ${o.key.source})`);
    log(`update manifest        ${updateXml}  -> serve at ${updateUrl}`);
  } else {
    await rm(join(o.outDir, 'updates.xml'), { force: true });
    log('no signing key (--key-file or REGAIN_CRX_KEY): self-hosted CRX and updates.xml skipped');
    if (typeof src.key === 'string') {
      extensionId = await extensionIdFromKey(src.key);
      idSource = 'manifest key';
    }
  }

  // (5) The id and the helpdesk templates filled with it.
  let policies: string[] = [];
  if (extensionId) {
    policies = await writeFilledPolicies(join(o.outDir, 'policy'), {
      extensionId,
      updateUrl,
      serviceUrl: o.serviceUrl,
      // Without a Firefox build the Firefox template still gets a well-formed value, flagged in the log.
      geckoId: gecko ?? 'regain@example.org',
      xpiUrl,
    });
    log(`extension id           ${extensionId}  (from the ${idSource})`);
    log(`policy templates       ${join(o.outDir, 'policy')}/`);
    if (!gecko)
      log(
        'firefox policy uses a placeholder gecko id: no Firefox build or no browser_specific_settings.gecko.id',
      );
  } else {
    log('no extension id (no signing key, no manifest key): policy templates not filled');
  }
  if (patterns) log(`host permissions       ${patterns.join(' ')}`);
  return {
    version,
    ...(extensionId ? { extensionId } : {}),
    idSource,
    chromeZip,
    ...(crx ? { crx } : {}),
    ...(updateXml ? { updateXml } : {}),
    updateUrl,
    codebase,
    ...(xpi ? { xpi } : {}),
    xpiUrl,
    ...(gecko ? { geckoId: gecko } : {}),
    ...(lint ? { lint } : {}),
    policies,
    ...(patterns ? { hostPatterns: patterns } : {}),
  };
}

/** True when a directory looks like an unpacked extension build. */
export const isUnpackedBuild = (dir: string): boolean => existsSync(join(dir, 'manifest.json'));
