// Instances started at the same instant on one empty PostgreSQL database: all come up, one bootstrap key, one Contoso.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../server/config.ts';
import { createRuntime, type Runtime } from '../../../server/runtime.ts';
import { generateSecrets } from '../../../server/security/keyring.ts';
import { freshDb } from '../../helpers/service.ts';

const newAdminKey = () => `rgk_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`;

async function counts(db: Awaited<ReturnType<typeof freshDb>>['db']) {
  const [row] = await db.query<{ keys: number; contoso: number; users: number }>(
    `SELECT (SELECT count(*)::int FROM api_keys WHERE scope = 'admin') AS keys,
            (SELECT count(*)::int FROM settings WHERE key = 'policy' AND value->'organization'->>'name' = 'Contoso') AS contoso,
            (SELECT count(*)::int FROM users WHERE username = 'alice') AS users`,
  );
  return row;
}

describe('concurrent start on PostgreSQL', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  it('three instances at once, ten times: every one ready, one bootstrap key, one Contoso', async () => {
    for (let trial = 0; trial < 10; trial++) {
      const fresh = await freshDb('postgres');
      const secrets = JSON.stringify(generateSecrets(Date.now()));
      const adminKey = newAdminKey();
      const config = resolveConfig([
        {
          databaseUrl: fresh.url,
          secrets,
          bootstrapAdminKey: adminKey,
          dev: true,
          seedDemo: true,
          host: '127.0.0.1',
          port: 0,
          logLevel: 'silent',
        },
      ]);
      const started = await Promise.allSettled(
        [0, 1, 2].map(() => createRuntime(config, { log: pino({ level: 'silent' }) })),
      );
      const runtimes = started
        .filter((s): s is PromiseFulfilledResult<Runtime> => s.status === 'fulfilled')
        .map((s) => s.value);
      try {
        expect(
          started
            .filter((s) => s.status === 'rejected')
            .map((s) => String((s as PromiseRejectedResult).reason)),
          `trial ${trial}`,
        ).toEqual([]);
        for (const rt of runtimes) expect((await rt.app.request('/readyz')).status).toBe(200);
        expect(await counts(fresh.db)).toEqual({ keys: 1, contoso: 1, users: 1 });
      } finally {
        await Promise.all(runtimes.map((rt) => rt.close()));
        await fresh.drop();
      }
    }
  });

  it('regain serve --dev three times at once: all listen, each with its own demo site port', async () => {
    const fresh = await freshDb('postgres');
    const env = {
      ...process.env,
      REGAIN_DATABASE_URL: fresh.url,
      REGAIN_SECRETS: JSON.stringify(generateSecrets(Date.now())),
      REGAIN_BOOTSTRAP_ADMIN_KEY: newAdminKey(),
      REGAIN_LOG_LEVEL: 'info',
      REGAIN_DEMO_PORT: undefined,
    };
    try {
      const demoUrls = await Promise.all(
        [0, 1, 2].map(
          () =>
            new Promise<string>((resolve, reject) => {
              const child = spawn(process.execPath, ['bin/regain.js', 'serve', '--dev', '--port', '0'], {
                env,
              });
              children.push(child);
              let out = '';
              child.stdout.on('data', (d) => {
                out += String(d);
                const m = /"msg":"Demo sign-in site: open (http:\/\/[^ ]+)\/ /.exec(out);
                if (m?.[1]) resolve(m[1]);
              });
              child.stderr.on('data', (d) => {
                out += String(d);
              });
              child.on('exit', (code) => reject(new Error(`exited ${code}: ${out.slice(-2000)}`)));
            }),
        ),
      );
      expect(new Set(demoUrls).size).toBe(3);
      for (const url of demoUrls) expect((await fetch(`${url}/`)).status).toBe(200);
      expect(await counts(fresh.db)).toEqual({ keys: 1, contoso: 1, users: 1 });
    } finally {
      for (const c of children.splice(0)) c.kill('SIGKILL');
      await fresh.drop();
    }
  });
});
