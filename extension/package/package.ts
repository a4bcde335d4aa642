// CLI for `npm run package`: builds (or takes) the unpacked extensions and writes every package to dist/package/.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isUnpackedBuild, packageExtension } from './package-extension.ts';
import { loadSigningKey } from './signing-key.ts';
import { viteBuild } from './vite-build.ts';

const usage = `Usage: npm run package -- [options]

  --chrome-dir DIR    unpacked Chrome/Edge build, built there unless --skip-build (default dist/extension)
  --firefox-dir DIR   unpacked Firefox build, built there unless --skip-build (default dist/extension-firefox)
  --out DIR           output directory                  (default dist/package)
  --skip-build        package the directories as they are; do not run vite build
  --key-file PATH     CRX signing key, PEM (or env REGAIN_CRX_KEY); never commit it
  --base-url URL      where the CRX, updates.xml and signed xpi are served, ending in /
                      (default https://extensions.example.com/regain/)
  --service-url URL   Regain service the policy templates name (default https://reset.example.com)
  --hosts LIST        comma-separated hosts or origins to narrow host permissions to
  --help`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'chrome-dir': { type: 'string', default: 'dist/extension' },
      'firefox-dir': { type: 'string', default: 'dist/extension-firefox' },
      out: { type: 'string', default: 'dist/package' },
      'skip-build': { type: 'boolean', default: false },
      'key-file': { type: 'string' },
      'base-url': { type: 'string', default: 'https://extensions.example.com/regain/' },
      'service-url': { type: 'string', default: 'https://reset.example.com' },
      hosts: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const root = process.cwd();
  const chromeDir = resolve(root, values['chrome-dir']);
  const firefoxDir = resolve(root, values['firefox-dir']);
  if (!values['skip-build']) {
    console.log('vite build (chrome) ...');
    await viteBuild(root, 'chrome', chromeDir);
    console.log('vite build (firefox) ...');
    await viteBuild(root, 'firefox', firefoxDir);
  }
  if (!isUnpackedBuild(chromeDir)) throw new Error(`${chromeDir}/manifest.json not found`);
  const key = await loadSigningKey(values['key-file']);
  const result = await packageExtension({
    chromeDir,
    ...(isUnpackedBuild(firefoxDir) ? { firefoxDir } : {}),
    outDir: resolve(root, values.out),
    baseUrl: values['base-url'],
    serviceUrl: values['service-url'],
    ...(key ? { key } : {}),
    ...(values.hosts ? { hosts: values.hosts.split(',') } : {}),
  });
  if (!result.xpi) console.log(`no Firefox build at ${firefoxDir}: xpi skipped`);
  if (values['base-url'].includes('.example.com/')) {
    console.log(
      'note: the CRX, update XML and policies name the example --base-url; pass your own to deploy',
    );
  }
  console.log(`\nRegain ${result.version}  extension id: ${result.extensionId ?? '(none)'}`);
  if (result.xpi) {
    console.log(
      'Sign the xpi for Firefox Release (unlisted, self-distributed):\n' +
        `  WEB_EXT_API_KEY=... WEB_EXT_API_SECRET=... npx web-ext sign --channel=unlisted --source-dir ${values.out}/unpacked/firefox --artifacts-dir ${values.out}/signed`,
    );
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
