// Starts Regain with settings the shared harness does not expose (CORS origins, trusted proxies, --dev off).
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { type Clock, FakeClock, systemClock } from '../../../server/clock.ts';
import { type ConfigInput, resolveConfig } from '../../../server/config.ts';
import { createRuntime, listen, type Runtime } from '../../../server/runtime.ts';
import type { Db } from '../../../server/store/db.ts';
import { type Api, type DbKind, freshDb, makeApi, type TestService } from '../../helpers/service.ts';

export interface ListeningRuntime {
  url: string;
  rt: Runtime;
  server: TestService['server'];
  api: Api;
  close(): Promise<void>;
}

/**
 * Builds a runtime over an existing database (shared with another runtime if wanted) and listens on loopback.
 * Closing it stops the runtime but leaves the database open for its owner.
 */
export async function listenOn(
  db: Db,
  config: ConfigInput,
  clock: Clock = systemClock,
): Promise<ListeningRuntime> {
  const resolved = resolveConfig([
    { port: 0, host: '127.0.0.1', dataDir: ':memory:', logLevel: 'silent', seedDemo: false },
    config,
  ]);
  const rt = await createRuntime(resolved, { clock, db, log: pino({ level: 'silent' }) });
  const server = await listen(rt);
  return {
    url: server.url,
    rt,
    server: server.server,
    api: makeApi(server.url),
    close: () => server.close(),
  };
}

/** Like startService (demo seeded, cheap captcha, fake clock, bootstrap admin key) with extra settings. */
export async function startCustomService(kind: DbKind, config: ConfigInput): Promise<TestService> {
  const fresh = await freshDb(kind);
  const clock = new FakeClock(Date.now());
  const adminKey = `rgk_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`;
  const s = await listenOn(
    fresh.db,
    {
      seedDemo: true,
      bootstrapAdminKey: adminKey,
      captcha: { kind: 'altcha', cost: 1, counterMax: 20 },
      ...config,
    },
    clock,
  );
  return {
    url: s.url,
    rt: s.rt,
    server: s.server,
    db: fresh.db,
    clock,
    adminKey,
    api: s.api,
    close: async () => {
      await s.close();
      await fresh.drop();
    },
  };
}
