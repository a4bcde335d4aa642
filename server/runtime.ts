// Wires a configured service together: database, secrets, directory, policy, captcha, delivery, HTTP app.
import { readFile } from 'node:fs/promises';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { enqueue } from './delivery/outbox.ts';
import { type DeliveryProvider, PermanentDeliveryError } from './delivery/provider.ts';
import { DevProvider } from './delivery/providers/dev.ts';
import { createSmsWebhookProvider } from './delivery/providers/sms-webhook.ts';
import { createSmtpProvider, type SmtpProvider } from './delivery/providers/smtp.ts';
import { createTwilioProvider } from './delivery/providers/twilio.ts';
import { createDeliveryWorker, type DeliveryWorker } from './delivery/worker.ts';
import { BuiltinDirectory } from './directory/builtin.ts';
import type { Directory } from './directory/directory.ts';
import { HttpDirectory } from './directory/http/http-directory.ts';
import { LdapDirectory } from './directory/ldap/ldap-directory.ts';
import { ShadowedDirectory, ShadowedLdapDirectory } from './directory/ldap/shadow.ts';
import { DecoyProfiles } from './flows/hints.ts';
import { createPasswordRules } from './flows/password-rules.ts';
import { recoverInterruptedWrites } from './flows/recovery.ts';
import { createApp } from './http/app.ts';
import { parseTrustedProxies } from './http/client-ip.ts';
import type { Env } from './http/env.ts';
import { createRangeCheck } from './password/range-check.ts';
import { PolicyStore } from './policy/store.ts';
import { bootstrapAdminKey } from './security/api-keys.ts';
import { createCaptcha } from './security/captcha.ts';
import { claimSql } from './security/captcha-claims.ts';
import { Keyring, loadOrCreateSecrets, parseSecrets, type Secrets } from './security/keyring.ts';
import { seedDemo } from './seed-demo.ts';
import type { Services } from './services.ts';
import { type Db, openPglite, openPostgres } from './store/db.ts';
import { startJanitor } from './store/janitor.ts';
import { migrate } from './store/migrate.ts';
import { createWebhookQueue } from './webhooks/outbox.ts';
import type { WebhookDelivery } from './webhooks/password-changed.ts';
import { createWebhookWorker, type WebhookWorker } from './webhooks/worker.ts';

export const version = '0.1.0';
/** The advisory lock of start-up's check-then-write work; migrations hold their own (server/store/migrate.ts). */
const startupLock = 724902;

export interface Runtime {
  config: Config;
  services: Services;
  /** The built-in directory (seeding, `users add`); services.directory is the one flows use. */
  directory: BuiltinDirectory;
  app: Hono<Env>;
  worker: DeliveryWorker;
  /** Sends the outgoing webhooks (`password.changed`); idle when none is configured. */
  webhookWorker: WebhookWorker;
  devProvider: DevProvider;
  close(): Promise<void>;
}

export async function openDatabase(config: Config): Promise<Db> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : openPglite(config.dataDir === ':memory:' ? undefined : config.dataDir);
}

export async function loadSecrets(config: Config, clock: Clock): Promise<Secrets> {
  if (config.secrets) return parseSecrets(config.secrets, 'REGAIN_SECRETS');
  if (config.secretsFile) return parseSecrets(await readFile(config.secretsFile, 'utf8'), config.secretsFile);
  if (config.dataDir === ':memory:')
    return (await import('./security/keyring.ts')).generateSecrets(clock.now());
  return loadOrCreateSecrets(config.dataDir, clock.now());
}

/** Where email goes: as configured, else the dev outbox with --dev and nowhere without. */
export function emailDelivery(config: Config): 'dev' | 'smtp' | 'off' {
  return config.delivery.email ?? (config.dev ? 'dev' : 'off');
}

/** Where SMS and voice calls go: as configured, else the dev outbox with --dev and nowhere without. */
export function smsDelivery(config: Config): 'dev' | 'twilio' | 'webhook' | 'off' {
  return config.delivery.sms ?? (config.dev ? 'dev' : 'off');
}

/** Opens and migrates the database and builds every service; nothing listens yet. */
export async function createRuntime(
  config: Config,
  opts: { clock?: Clock; log?: Logger; db?: Db } = {},
): Promise<Runtime> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? pino({ level: config.logLevel, base: { service: 'regain' } });
  const db = opts.db ?? (await openDatabase(config));
  await migrate(db);
  const keys = new Keyring(await loadSecrets(config, clock), clock);
  const policies = new PolicyStore(db, clock);
  // Built-in users (demo, `regain users add`) exist only without LDAP; with it, Regain keeps shadow rows only.
  const builtin = new BuiltinDirectory(db, keys, clock);
  const directory: Directory = config.httpDirectory
    ? new ShadowedDirectory(new HttpDirectory(config.httpDirectory), db, clock)
    : config.ldap
      ? new ShadowedLdapDirectory(
          new LdapDirectory(config.ldap, { warn: (msg, err) => log.warn({ err }, `ldap: ${msg}`) }),
          db,
          clock,
        )
      : builtin;
  const devProvider = new DevProvider();
  const emailKind = emailDelivery(config);
  let smtp: SmtpProvider | undefined;
  let email: DeliveryProvider = devProvider;
  if (emailKind === 'smtp') {
    // resolveConfig refuses `smtp` without its settings.
    smtp = createSmtpProvider(config.delivery.smtp!, {
      log,
      // Read per message (the policy store caches it for a second), so a renamed organization applies at once.
      brand: async () => {
        const p = await policies.get();
        return { name: p.organization.name, logoUrl: p.organization.logoUrl };
      },
    });
    email = smtp;
  } else if (emailKind === 'off') {
    email = {
      name: 'off',
      send: async () => {
        throw new PermanentDeliveryError('email delivery is not configured');
      },
    };
  }
  const phone = phoneProvider(config, { log, clock, devProvider });
  const worker = createDeliveryWorker({
    db,
    keys,
    clock,
    providers: { email, sms: phone, voice: phone },
    log,
    intervalMs: 500,
  });
  const webhookWorker = createWebhookWorker({ db, clock, endpoints: config.webhooks, log, intervalMs: 500 });
  const delivery: WebhookDelivery = {
    enqueue: (q, msg) => enqueue(q, keys, clock, msg),
    kick: () => {
      worker.kick();
      webhookWorker.kick();
    },
    webhooks: createWebhookQueue(config.webhooks, clock),
  };
  const captcha = createCaptcha({
    kind: config.captcha.kind,
    hmacKey: () => keys.secretsFor('captcha'),
    ...(config.captcha.cost ? { cost: config.captcha.cost } : {}),
    ...(config.captcha.counterMax ? { counterMax: config.captcha.counterMax } : {}),
    now: () => clock.now(),
    replay: {
      claim: async (id, expiresAtMs, q = db) => {
        const rows = await q.query(claimSql({ id: '$1', expires: '$2' }), [id, new Date(expiresAtMs)]);
        return rows.length === 1;
      },
    },
  });
  const services: Services = {
    db,
    clock,
    keys,
    directory,
    policies,
    captcha,
    passwords: createPasswordRules({
      commonListFile: config.commonListFile,
      rangeCheck: config.password.rangeCheck
        ? createRangeCheck(config.password.rangeCheck, {
            onUnavailable: (err) => log.warn({ err }, 'breached-password range check unavailable'),
          })
        : undefined,
    }),
    delivery,
    decoys: new DecoyProfiles(clock),
    log,
  };
  const adminKey =
    config.bootstrapAdminKey ??
    (config.adminKeyFile ? (await readFile(config.adminKeyFile, 'utf8')).trim() : undefined);
  // Instances starting together on one empty database take turns here, so the key and Contoso are written once.
  await db.exclusive(startupLock, async () => {
    if (adminKey && (await bootstrapAdminKey(db, adminKey, clock.now())))
      log.info('installed the bootstrap admin key');
    if (!config.ldap && !config.httpDirectory && (config.seedDemo ?? config.dev)) {
      const seeded = await seedDemo(services, builtin, { onlyIfEmpty: true });
      if (seeded) log.info('seeded the demo organization Contoso (alice, bob, carol, dave)');
    }
  });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const app = createApp({
    services,
    corsOrigins: config.corsOrigins,
    dev: config.dev,
    devProvider,
    trustedProxies: parseTrustedProxies(config.trustedProxies),
    registry,
    version,
    metrics: config.metrics,
  });
  return {
    config,
    services,
    directory: builtin,
    app,
    worker,
    webhookWorker,
    devProvider,
    close: async () => {
      await worker.stop();
      await webhookWorker.stop();
      await smtp?.close();
      if (!opts.db) await db.close();
    },
  };
}

/** The provider for the sms and voice channels, as delivery.sms says. */
function phoneProvider(
  config: Config,
  deps: { log: Logger; clock: Clock; devProvider: DevProvider },
): DeliveryProvider {
  const allowedCountries = config.delivery.phone.allowedCountries;
  switch (smsDelivery(config)) {
    case 'dev':
      return deps.devProvider;
    // resolveConfig refuses `twilio` and `webhook` without their settings.
    case 'twilio':
      return createTwilioProvider(config.delivery.twilio!, { log: deps.log, allowedCountries });
    case 'webhook':
      return createSmsWebhookProvider(config.delivery.smsWebhook!, {
        log: deps.log,
        clock: deps.clock,
        allowedCountries,
      });
    case 'off':
      return {
        name: 'off',
        send: async () => {
          throw new PermanentDeliveryError('SMS and voice delivery is not configured');
        },
      };
  }
}

/** Starts listening; resolves with the bound URL once the socket is open. */
export async function listen(
  rt: Runtime,
): Promise<{ url: string; server: ServerType; close(): Promise<void> }> {
  rt.worker.start();
  rt.webhookWorker.start();
  // Said when serving only: CLI commands build a runtime too, and their stdout is their output.
  if (emailDelivery(rt.config) === 'off')
    rt.services.log.warn('email delivery is off (set delivery.email to "smtp"): every email fails at once');
  if (smsDelivery(rt.config) === 'off')
    rt.services.log.warn(
      'SMS and voice delivery is off (set delivery.sms to "twilio" or "webhook"): every text and call fails at once',
    );
  const janitor = startJanitor(rt.services.db, rt.services.clock, rt.services.log, undefined, () =>
    recoverInterruptedWrites(rt.services),
  );
  return new Promise((resolve) => {
    const server = serve({ fetch: rt.app.fetch, port: rt.config.port, hostname: rt.config.host }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      // Node answers malformed requests and oversized headers itself; keep even those problem+json, no internals.
      server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
        if (!socket.writable) return socket.destroy();
        const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
        const body = JSON.stringify({
          type: 'https://regain.dev/problems/validation_failed',
          title: 'The request is not valid.',
          status,
          code: 'validation_failed',
        });
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
            'Content-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n' +
            `Connection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
      resolve({
        url: `http://${host}:${info.port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }).then(() => {
            janitor.stop();
            return rt.close();
          }),
      });
    });
  });
}
