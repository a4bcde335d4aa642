// Builds the browser extension from manifest.json with @crxjs/vite-plugin: dist/extension (Chrome, Edge) or, with
// BROWSER=firefox or `--mode firefox`, dist/extension-firefox (the manifest patched in extension/quirks/firefox.ts).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import { messagesJson } from './extension/i18n/manifest-strings.ts';
import { FIREFOX_MIN_VERSION, firefoxManifestPatch } from './extension/quirks/firefox.ts';
import { type Locale, supportedLocales } from './widget/i18n/locale.ts';

/** Paths resolve against this file, so builds started from another working directory (packaging) still work. */
const here = fileURLToPath(new URL('.', import.meta.url));
const SCHEMA = 'extension/managed-schema.json';

/** Chromium reads the managed-storage schema from the package; crxjs doesn't know the key, so it is copied. */
function managedSchema(): Plugin {
  return {
    name: 'regain:managed-schema',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SCHEMA, source: readFileSync(join(here, SCHEMA), 'utf8') });
    },
  };
}

/**
 * The manifest's `__MSG_extName__` and `__MSG_extDescription__` come from `_locales/<lang>/messages.json`, written
 * from the typed catalog (extension/i18n/manifest-strings.ts) rather than kept as hand-edited JSON beside it.
 */
function manifestLocales(): Plugin {
  return {
    name: 'regain:manifest-locales',
    apply: 'build',
    generateBundle() {
      for (const l of supportedLocales as readonly Locale[])
        this.emitFile({ type: 'asset', fileName: `_locales/${l}/messages.json`, source: messagesJson(l) });
    },
  };
}

/**
 * crxjs lists every content script as web-accessible so its loader can import chunks; ours is one IIFE file
 * registered through the scripting API, and exposing it would only let any page detect the extension. The ES
 * copy crxjs writes for that loader goes too.
 */
function noContentScriptResource(): Plugin {
  return {
    name: 'regain:no-content-script-resource',
    apply: 'build',
    enforce: 'post',
    // Rewrites the written file: rolldown doesn't carry source edits of another plugin's asset in generateBundle.
    writeBundle(options) {
      const file = join(options.dir ?? '', 'manifest.json');
      const m = JSON.parse(readFileSync(file, 'utf8')) as {
        web_accessible_resources?: { resources: string[] }[];
      };
      m.web_accessible_resources = (m.web_accessible_resources ?? []).filter(
        (r) => !r.resources.every((f) => f.startsWith('extension/content/')),
      );
      writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
      // crxjs also emits an ES copy of the content script for the loader it would have used; nothing imports it.
      const assets = join(options.dir ?? '', 'assets');
      for (const f of readdirSync(assets))
        if (/^sign-in-page\.ts-[\w-]+\.js$/.test(f)) rmSync(join(assets, f));
    },
  };
}

/** The widget imports its stylesheet as text (for constructable stylesheets); Vite's `?raw` does that. */
function cssAsText(): Plugin {
  return {
    name: 'regain:css-as-text',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.css') || !importer || !/\.[cm]?tsx?$/.test(importer)) return null;
      const r = await this.resolve(source, importer, { skipSelf: true });
      return r ? `${r.id}?raw` : null;
    },
  };
}

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox' || process.env.BROWSER === 'firefox';
  const base = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8')) as ManifestV3Export &
    Record<string, unknown>;
  const manifest = (firefox ? firefoxManifestPatch(base) : base) as ManifestV3Export;
  return {
    // The build's own output must not depend on where the repository sits.
    root: here,
    base: '',
    logLevel: 'warn',
    plugins: [
      cssAsText(),
      crx({ manifest, browser: firefox ? 'firefox' : 'chrome' }),
      noContentScriptResource(),
      managedSchema(),
      manifestLocales(),
    ],
    build: {
      outDir:
        process.env.REGAIN_EXTENSION_OUT ?? join(here, firefox ? 'dist/extension-firefox' : 'dist/extension'),
      emptyOutDir: true,
      // The Firefox build targets the oldest version its manifest accepts.
      target: firefox ? `firefox${Number.parseInt(FIREFOX_MIN_VERSION, 10)}` : 'chrome121',
      minify: true,
      sourcemap: false,
      rolldownOptions: {
        // Pages the manifest doesn't name as such: the flow window's page (opened by the background, not
        // web-accessible) and the overlay's (web-accessible with use_dynamic_url, framed on sign-in pages).
        input: { flow: 'extension/pages/flow.html', overlay: 'extension/pages/overlay.html' },
      },
    },
  };
});
