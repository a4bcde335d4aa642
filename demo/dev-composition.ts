// What `regain serve --dev` adds beside the service: the demo sign-in site and the development extension's origin.
// bin/regain.js hands this to the CLI, so the service (server/) never imports the demo or the extension.
import { readFile } from 'node:fs/promises';
import { extensionIdFromKey } from '../extension/lib/extension-id.ts';
import type { DevComposition } from '../server/cli/dev-composition.ts';
import { startDemoFor } from './for-runtime.ts';

export const devComposition: DevComposition = {
  /**
   * The origin of the development build of the extension, whose id the public key in manifest.json fixes: with
   * --dev it may call the API, so the extension `npm start` builds works against this service once configured.
   */
  async corsOrigins() {
    const manifest = JSON.parse(await readFile(new URL('../manifest.json', import.meta.url), 'utf8')) as {
      key: string;
    };
    return [`chrome-extension://${await extensionIdFromKey(manifest.key)}`];
  },
  /** The demo site mints its own tickets key; 8081 unless REGAIN_DEMO_PORT says otherwise, else a free port. */
  async start(rt, url) {
    const demoPort = process.env.REGAIN_DEMO_PORT;
    const demo = await startDemoFor(rt, url, {
      host: rt.config.host,
      port: Number(demoPort ?? 8081),
      anyPortIfBusy: demoPort === undefined,
    });
    rt.services.log.info({ url: demo.url }, `Demo sign-in site: open ${demo.url}/ (alice / Tulip-Harbor-42)`);
    rt.services.log.info(
      { url: `${url}/admin/` },
      `Demo console admin: ada / Beacon-Orchid-Summit-28 at ${url}/admin/ (her code: ${url}/v1/dev/outbox?to=ada@personal.example)`,
    );
    return demo;
  },
};
