// Service configuration: defaults < config file < REGAIN_* environment < command-line flags, validated at start.
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { phoneDeliveryConfigSchema } from './delivery/providers/phone-destination.ts';
import { smsWebhookConfigSchema } from './delivery/providers/sms-webhook.ts';
import { smtpConfigSchema } from './delivery/providers/smtp.ts';
import { twilioConfigSchema } from './delivery/providers/twilio.ts';
import { httpDirectoryConfigSchema } from './directory/http/http-config.ts';
import { ldapConfigSchema } from './directory/ldap/ldap-config.ts';
import { rangeCheckConfigSchema } from './password/range-check.ts';
import { webhooksConfigSchema } from './webhooks/config.ts';

/** Browser-extension origins: Chromium's id is 32 letters a-p; Firefox's is a per-install UUID. */
const extensionOrigin =
  /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const origin = z.string().refine((s) => {
  // The extension's pages call the service from their own origin, which URL parsing reports as opaque.
  if (extensionOrigin.test(s)) return true;
  try {
    const u = new URL(s);
    return /^https?:$/.test(u.protocol) && u.origin === s;
  } catch {
    return false;
  }
}, 'must be an exact origin like https://login.example.org (scheme, host, optional port; no path or slash) or chrome-extension://<id>');

export const configSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./.regain'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  dev: z.boolean().default(false),
  corsOrigins: z.array(origin).default([]),
  trustedProxies: z.array(z.string()).default([]),
  secretsFile: z.string().optional(),
  /** The secrets JSON itself, for platforms that pass secrets as environment variables. */
  secrets: z.string().optional(),
  bootstrapAdminKey: z.string().optional(),
  adminKeyFile: z.string().optional(),
  captcha: z
    .strictObject({
      kind: z.enum(['altcha', 'none']).default('altcha'),
      cost: z.coerce.number().int().min(1).max(1_000_000).optional(),
      counterMax: z.coerce.number().int().min(1).max(10_000_000).optional(),
    })
    .prefault({}),
  commonListFile: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  delivery: z
    .strictObject({
      /**
       * Where email goes: `smtp` sends it (needs `smtp`); `dev` keeps it in memory for GET /v1/dev/outbox
       * and is only allowed with --dev; `off` fails every email at once. Default: `dev` with --dev, else `off`.
       */
      email: z.enum(['dev', 'smtp', 'off']).optional(),
      smtp: smtpConfigSchema.optional(),
      /**
       * Where SMS and voice calls go: `twilio` (needs `twilio`) or `webhook` (needs `smsWebhook`) send them;
       * `dev` keeps them for GET /v1/dev/outbox (only with --dev); `off` fails them at once. Default like email.
       */
      sms: z.enum(['dev', 'twilio', 'webhook', 'off']).optional(),
      twilio: twilioConfigSchema.optional(),
      smsWebhook: smsWebhookConfigSchema.optional(),
      phone: phoneDeliveryConfigSchema.prefault({}),
    })
    .prefault({}),
  /** Signed events to other services, e.g. `password.changed` so an identity provider ends sign-in sessions. */
  webhooks: webhooksConfigSchema,
  /**
   * Who may read GET /metrics: callers from `allowFrom` (CIDRs or addresses; loopback by default), or any caller
   * sending `Authorization: Bearer <token>` (Prometheus' `authorization` setting) when a token is set.
   */
  metrics: z
    .strictObject({
      allowFrom: z
        .array(
          z
            .string()
            .refine((s) => ipaddr.isValid(s) || ipaddr.isValidCIDR(s), 'must be an IP address or CIDR'),
        )
        .default(['127.0.0.0/8', '::1/128']),
      token: z.string().min(16, 'use at least 16 characters').optional(),
    })
    .prefault({}),
  /** Seed the demo organization into an empty database (on by default with --dev). */
  seedDemo: z.boolean().optional(),
  /** Users and passwords in an LDAP directory (OpenLDAP or Active Directory) instead of the built-in one. */
  ldap: ldapConfigSchema.optional(),
  /** Users and passwords in the organization's own application, behind the signed endpoints in the README. */
  httpDirectory: httpDirectoryConfigSchema.optional(),
  /** Password settings of the service, not of the policy. */
  password: z
    .strictObject({
      /** The k-anonymity breached-password check against a Pwned-Passwords-compatible service; off when absent. */
      rangeCheck: rangeCheckConfigSchema.optional(),
    })
    .prefault({}),
});
export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Reads REGAIN_* variables (and DATABASE_URL) into config input; unset variables leave no key. */
export function configFromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const out: Record<string, unknown> = {
    port: env.REGAIN_PORT,
    host: env.REGAIN_HOST,
    dataDir: env.REGAIN_DATA_DIR,
    databaseUrl: env.REGAIN_DATABASE_URL ?? env.DATABASE_URL,
    corsOrigins: list(env.REGAIN_CORS_ORIGINS),
    trustedProxies: list(env.REGAIN_TRUSTED_PROXIES),
    secretsFile: env.REGAIN_SECRETS_FILE,
    secrets: env.REGAIN_SECRETS,
    bootstrapAdminKey: env.REGAIN_BOOTSTRAP_ADMIN_KEY,
    adminKeyFile: env.REGAIN_ADMIN_KEY_FILE,
    commonListFile: env.REGAIN_COMMON_LIST_FILE,
    logLevel: env.REGAIN_LOG_LEVEL,
  };
  // The LDAP settings as JSON; the service account's secret separately, as platforms pass secrets.
  const ldap: Record<string, unknown> = {};
  if (env.REGAIN_LDAP) {
    try {
      Object.assign(ldap, JSON.parse(env.REGAIN_LDAP));
    } catch {
      throw new ConfigError('REGAIN_LDAP is not valid JSON');
    }
  }
  if (env.REGAIN_LDAP_BIND_PASSWORD) ldap.bindPassword = env.REGAIN_LDAP_BIND_PASSWORD;
  if (env.REGAIN_LDAP_BIND_PASSWORD_FILE) ldap.bindPasswordFile = env.REGAIN_LDAP_BIND_PASSWORD_FILE;
  if (Object.keys(ldap).length) out.ldap = ldap;
  const smtp = {
    host: env.REGAIN_SMTP_HOST,
    port: env.REGAIN_SMTP_PORT,
    secure: env.REGAIN_SMTP_SECURE,
    requireTLS: env.REGAIN_SMTP_REQUIRE_TLS,
    from: env.REGAIN_SMTP_FROM,
    messageIdDomain: env.REGAIN_SMTP_MESSAGE_ID_DOMAIN,
    heloName: env.REGAIN_SMTP_HELO_NAME,
    tlsCaFile: env.REGAIN_SMTP_CA_FILE,
    rejectUnauthorized: env.REGAIN_SMTP_REJECT_UNAUTHORIZED,
    timeoutMs: env.REGAIN_SMTP_TIMEOUT_MS,
    auth: env.REGAIN_SMTP_USER ? { user: env.REGAIN_SMTP_USER, pass: env.REGAIN_SMTP_PASS } : undefined,
  };
  const smtpSet = defined(smtp);
  const twilio = defined({
    baseUrl: env.REGAIN_TWILIO_BASE_URL,
    accountSid: env.REGAIN_TWILIO_ACCOUNT_SID,
    authToken: env.REGAIN_TWILIO_AUTH_TOKEN,
    from: env.REGAIN_TWILIO_FROM,
    voice: env.REGAIN_TWILIO_VOICE,
  });
  const smsWebhook = defined({ url: env.REGAIN_SMS_WEBHOOK_URL, secret: env.REGAIN_SMS_WEBHOOK_SECRET });
  const allowedCountries = list(env.REGAIN_PHONE_ALLOWED_COUNTRIES);
  const delivery = defined({
    email: env.REGAIN_EMAIL,
    sms: env.REGAIN_SMS,
    smtp: Object.keys(smtpSet).length > 0 ? smtpSet : undefined,
    twilio: Object.keys(twilio).length > 0 ? twilio : undefined,
    smsWebhook: Object.keys(smsWebhook).length > 0 ? smsWebhook : undefined,
    phone: allowedCountries ? { allowedCountries } : undefined,
  });
  if (Object.keys(delivery).length > 0) out.delivery = delivery;
  if (env.REGAIN_WEBHOOKS) {
    try {
      out.webhooks = JSON.parse(env.REGAIN_WEBHOOKS);
    } catch {
      throw new ConfigError('REGAIN_WEBHOOKS is not valid JSON');
    }
  }
  const metrics = defined({
    allowFrom: list(env.REGAIN_METRICS_ALLOW_FROM),
    token: env.REGAIN_METRICS_TOKEN,
  });
  if (Object.keys(metrics).length > 0) out.metrics = metrics;
  if (env.REGAIN_CAPTCHA || env.REGAIN_CAPTCHA_COST)
    out.captcha = { kind: env.REGAIN_CAPTCHA, cost: env.REGAIN_CAPTCHA_COST };
  // An empty variable (`REGAIN_PORT=`) means unset, not zero.
  return Object.fromEntries(
    Object.entries(out).filter(([, v]) => v !== undefined && v !== ''),
  ) as ConfigInput;
}

/** The entries that are set: an empty variable means unset. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

export function configFromFile(path: string): ConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as ConfigInput;
  } catch {
    throw new ConfigError(`config file ${path} is not valid JSON`);
  }
}

export class ConfigError extends Error {}

const loopback = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/** Merges the layers and validates; every problem is reported with the setting's name. */
export function resolveConfig(layers: ConfigInput[]): Config {
  const merged = Object.assign(
    {},
    ...layers.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined))),
  );
  // ldap merges key by key, so the file can hold the settings and the environment the bind password.
  const ldapLayers = layers.map((l) => l.ldap).filter((l) => l !== undefined);
  if (ldapLayers.length) merged.ldap = Object.assign({}, ...ldapLayers);
  // delivery too, section by section, so the file can hold SMTP and the environment REGAIN_SMS and its token.
  const deliveryLayers = layers.map((l) => l.delivery).filter((d) => d !== undefined);
  if (deliveryLayers.length > 1) {
    const sections = ['smtp', 'twilio', 'smsWebhook', 'phone'] as const;
    const d: Record<string, unknown> = Object.assign({}, ...deliveryLayers);
    for (const k of sections) {
      const parts = deliveryLayers.map((l) => l[k]).filter((v) => v !== undefined);
      if (parts.length) d[k] = Object.assign({}, ...parts);
    }
    merged.delivery = d;
  }
  const r = configSchema.safeParse(merged);
  if (!r.success)
    throw new ConfigError(
      r.error.issues.map((i) => `setting ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'),
    );
  const c = r.data;
  if (c.dev && !loopback.test(c.host))
    throw new ConfigError(`--dev serves test endpoints and refuses a non-loopback host (got ${c.host})`);
  if (c.delivery.email === 'dev' && !c.dev)
    throw new ConfigError('delivery.email "dev" keeps codes in memory for anyone to read; it needs --dev');
  if (c.delivery.email === 'smtp' && !c.delivery.smtp)
    throw new ConfigError('delivery.email "smtp" needs the delivery.smtp settings (host, from…)');
  if (c.delivery.sms === 'dev' && !c.dev)
    throw new ConfigError('delivery.sms "dev" keeps codes in memory for anyone to read; it needs --dev');
  if (c.delivery.sms === 'twilio' && !c.delivery.twilio)
    throw new ConfigError(
      'delivery.sms "twilio" needs the delivery.twilio settings (accountSid, authToken, from)',
    );
  if (c.delivery.sms === 'webhook' && !c.delivery.smsWebhook)
    throw new ConfigError('delivery.sms "webhook" needs the delivery.smsWebhook settings (url, secret)');
  if (c.ldap && c.httpDirectory)
    throw new ConfigError('configure one directory: ldap or httpDirectory, not both');
  if (c.captcha.kind === 'none' && !c.dev)
    throw new ConfigError('captcha kind "none" is only allowed with --dev');
  if (c.databaseUrl && !c.secretsFile && !c.secrets && !c.dev)
    throw new ConfigError(
      'with a database URL, give the secrets explicitly (REGAIN_SECRETS_FILE or REGAIN_SECRETS); `regain secrets generate` makes a file',
    );
  return c;
}
