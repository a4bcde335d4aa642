// The manifest and managed schema as shipped: least privilege, one dynamic-URL resource, a valid policy schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestCatalogs, manifestDefaultLocale } from '../../extension/i18n/manifest-strings.ts';
import { configKeys } from '../../extension/lib/config.ts';
import { firefoxManifestPatch, GECKO_ID } from '../../extension/quirks/firefox.ts';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync('extension/managed-schema.json', 'utf8')) as {
  type: string;
  properties: Record<string, unknown>;
  additionalProperties?: unknown;
};

describe('manifest.json', () => {
  it('asks for storage and scripting and http(s) hosts only, and exposes nothing to other extensions', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['storage', 'scripting']);
    expect(manifest.host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('content_scripts');
    expect(manifest.web_accessible_resources).toEqual([
      {
        resources: ['extension/pages/overlay.html'],
        matches: ['https://*/*', 'http://*/*'],
        use_dynamic_url: true,
      },
    ]);
    expect(manifest.storage).toEqual({ managed_schema: 'extension/managed-schema.json' });
  });

  it('becomes a Firefox manifest through the one quirks module', () => {
    const ff = firefoxManifestPatch(manifest) as Record<string, unknown>;
    expect(ff.background).toEqual({ scripts: ['extension/background/main.ts'], type: 'module' });
    expect(ff).not.toHaveProperty('key');
    expect(ff).toMatchObject({ browser_specific_settings: { gecko: { id: GECKO_ID } } });
  });

  it('declares no data collection, for Firefox versions that understand the key (AMO lint)', () => {
    const ff = firefoxManifestPatch(manifest) as {
      browser_specific_settings: {
        gecko: { strict_min_version: string; data_collection_permissions: unknown };
        gecko_android: { strict_min_version: string };
      };
    };
    const { gecko, gecko_android } = ff.browser_specific_settings;
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(Number.parseInt(gecko.strict_min_version, 10)).toBeGreaterThanOrEqual(140);
    expect(Number.parseInt(gecko_android.strict_min_version, 10)).toBeGreaterThanOrEqual(142);
  });

  it('takes its name and description from _locales, English by default', () => {
    expect(manifest.default_locale).toBe(manifestDefaultLocale);
    for (const field of ['name', 'description'] as const) {
      const key = /^__MSG_(\w+)__$/.exec(String(manifest[field]))?.[1];
      expect(Object.keys(manifestCatalogs.en), field).toContain(key);
    }
  });
});

describe('managed-schema.json', () => {
  it('is a top-level object without additionalProperties, naming exactly the configuration keys', () => {
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('additionalProperties');
    expect(Object.keys(schema.properties).sort()).toEqual([...configKeys].sort());
    expect(JSON.stringify(schema)).not.toContain('additionalProperties');
  });
});
