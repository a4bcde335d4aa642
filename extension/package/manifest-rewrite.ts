// Pure rewrites of a built manifest for each package: store copies, the self-hosted CRX, and an organization's narrower hosts.

export type Manifest = Record<string, unknown> & { version?: string; name?: string };

interface ContentScript {
  matches?: string[];
  [k: string]: unknown;
}
interface WebAccessible {
  matches?: string[];
  [k: string]: unknown;
}

/**
 * `--hosts a.example,*.b.example,http://127.0.0.1:8080` as match patterns. A bare host means https only:
 * sign-in pages and the service are served over TLS, and a helpdesk who needs http must say so.
 */
export function hostsToMatchPatterns(hosts: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of hosts) {
    const h = raw.trim();
    if (!h) continue;
    let pattern: string;
    if (h.includes('://')) {
      const m = /^(https?|\*):\/\/([^/]+)(\/.*)?$/.exec(h);
      if (!m) throw new Error(`--hosts: "${h}" is not a host or an http(s) origin`);
      pattern = `${m[1]}://${m[2]}${m[3] ?? '/*'}`;
    } else {
      if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(h)) throw new Error(`--hosts: "${h}" is not a host name`);
      pattern = `https://${h.toLowerCase()}/*`;
    }
    if (!out.includes(pattern)) out.push(pattern);
  }
  if (out.length === 0) throw new Error('--hosts: the list is empty');
  return out;
}

/** A host pattern as manifests write them ("<all_urls>", "*://x/*"), as opposed to an API permission ("storage"). */
const isHostPattern = (p: string) => p === '<all_urls>' || p.includes('://');

/**
 * Bakes a narrower reach into a copy of the manifest: host permissions, static content-script matches and
 * web-accessible-resource matches all become `patterns`; optional host permissions go, so the organization's
 * build can never ask for more at run time than its helpdesk listed.
 */
export function narrowHosts(manifest: Manifest, patterns: readonly string[]): Manifest {
  const m: Manifest = structuredClone(manifest);
  m.host_permissions = [...patterns];
  delete m.optional_host_permissions;
  if (Array.isArray(m.permissions))
    m.permissions = (m.permissions as string[]).filter((p) => !isHostPattern(p));
  if (Array.isArray(m.content_scripts)) {
    m.content_scripts = (m.content_scripts as ContentScript[]).map((cs) => ({
      ...cs,
      matches: [...patterns],
    }));
  }
  if (Array.isArray(m.web_accessible_resources)) {
    m.web_accessible_resources = (m.web_accessible_resources as WebAccessible[]).map((w) =>
      w.matches ? { ...w, matches: [...patterns] } : w,
    );
  }
  return m;
}

/**
 * The Chrome Web Store and Edge Add-ons assign the id and the update URL themselves and refuse uploads that
 * carry `key` or `update_url`; the development `key` only pins the id for unpacked loads and tests.
 */
export function forStore(manifest: Manifest): Manifest {
  const m: Manifest = structuredClone(manifest);
  delete m.key;
  delete m.update_url;
  return m;
}

/**
 * The self-hosted CRX names the key it is signed with (Chrome takes the id from the CRX header either way, but a
 * stale development `key` in the manifest would only confuse whoever unpacks it) and where to look for updates.
 */
export function forSelfHosted(manifest: Manifest, updateUrl: string, publicKeyBase64: string): Manifest {
  const m: Manifest = structuredClone(manifest);
  m.key = publicKeyBase64;
  m.update_url = updateUrl;
  return m;
}

/** Firefox ignores `key` and `update_url` belongs under browser_specific_settings.gecko; both would only draw lint warnings. */
export function forFirefox(manifest: Manifest): Manifest {
  const m: Manifest = structuredClone(manifest);
  delete m.key;
  delete m.update_url;
  return m;
}

/** The gecko id the Firefox build declares, which Firefox policies key on instead of a Chrome id. */
export function geckoId(manifest: Manifest): string | undefined {
  const bss = (manifest.browser_specific_settings ?? manifest.applications) as
    | { gecko?: { id?: unknown } }
    | undefined;
  return typeof bss?.gecko?.id === 'string' ? bss.gecko.id : undefined;
}

export function versionOf(manifest: Manifest): string {
  if (typeof manifest.version !== 'string' || !/^\d+(\.\d+){0,3}$/.test(manifest.version)) {
    throw new Error(`manifest version "${String(manifest.version)}" is not 1 to 4 dot-separated integers`);
  }
  return manifest.version;
}
