// Fills the helpdesk policy templates in extension/policy/ with the id, update and service URLs of one package.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const templateDir = fileURLToPath(new URL('../policy/', import.meta.url));

/** Every template, the format it is written in (for escaping) and what it is for, as the summary prints it. */
export const policyTemplates = [
  { file: 'chrome-linux.json', kind: 'json', for: 'Chrome/Chromium on Linux' },
  { file: 'edge-linux.json', kind: 'json', for: 'Edge on Linux' },
  { file: 'windows.reg', kind: 'reg', for: 'Chrome and Edge on Windows' },
  { file: 'macos.mobileconfig', kind: 'xml', for: 'Chrome and Edge on macOS' },
  { file: 'firefox-policies.json', kind: 'json', for: 'Firefox (all platforms)' },
] as const;

export interface PolicyValues {
  extensionId: string;
  updateUrl: string;
  serviceUrl: string;
  geckoId: string;
  xpiUrl: string;
}

/**
 * Values go into JSON strings, JSON inside registry strings and plist XML alike; rather than escape three ways
 * we refuse the characters that would need it. Ids and URLs never contain them, except `&` in a query string,
 * which only XML needs escaped.
 */
function checkValue(name: string, value: string): void {
  if (!value || /["\\<>\s\p{Cc}]/u.test(value)) {
    throw new Error(`${name} "${value}" is empty or holds a quote, backslash, angle bracket or space`);
  }
}

/** A stable UUID per id and payload, so re-packaging replaces an MDM profile instead of adding a second one. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(`regain-policy:${seed}`).digest('hex');
  // Shaped as version 4 / RFC 4122 variant so strict MDM validators accept it.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function fillTemplate(text: string, kind: 'json' | 'reg' | 'xml', v: PolicyValues): string {
  const values: Record<string, string> = {
    EXTENSION_ID: v.extensionId,
    UPDATE_URL: v.updateUrl,
    SERVICE_URL: v.serviceUrl,
    GECKO_ID: v.geckoId,
    XPI_URL: v.xpiUrl,
  };
  for (const [k, val] of Object.entries(values)) checkValue(k, val);
  const escapeValue = kind === 'xml' ? (s: string) => s.replaceAll('&', '&amp;') : (s: string) => s;
  const out = text.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    if (name.startsWith('UUID_')) return stableUuid(`${v.extensionId}:${name}`);
    const val = values[name];
    if (val === undefined) throw new Error(`unknown placeholder ${whole}`);
    return escapeValue(val);
  });
  return out;
}

/** Writes every filled template to `outDir`; returns the paths written. */
export async function writeFilledPolicies(
  outDir: string,
  v: PolicyValues,
  from = templateDir,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const t of policyTemplates) {
    const text = await readFile(join(from, t.file), 'utf8');
    const filled = fillTemplate(text, t.kind, v);
    // Catch a filled file that no longer parses before a helpdesk deploys it to every browser.
    if (t.kind === 'json') JSON.parse(filled);
    const path = join(outDir, t.file);
    await writeFile(path, filled);
    written.push(path);
  }
  return written;
}
