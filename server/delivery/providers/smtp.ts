// The SMTP email provider: nodemailer over pooled connections, branded multipart text + HTML, errors sorted for the worker.
import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import { z } from 'zod';
import { brandNameMaxLength, type EmailBrand, renderEmailHtml } from '../html/email.ts';
import { displayText } from '../html/escape.ts';
import { type DeliveryProvider, PermanentDeliveryError, type RenderedMessage } from '../provider.ts';
import { redact } from '../redact.ts';

/** Booleans from a JSON file, or from an environment variable as `true`/`false`/`1`/`0`. */
const flag = z.union([z.boolean(), z.stringbool()]);

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'must be a host name',
  );

const loopbackHost = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|\[::1\]|localhost)$/i;

export const smtpConfigSchema = z
  .strictObject({
    host: z.string().trim().min(1).max(253),
    /** 587 for submission with STARTTLS, 465 for SMTPS. */
    port: z.coerce.number().int().min(1).max(65_535).default(587),
    /** SMTPS: TLS from the first byte (usually port 465). */
    secure: flag.default(false),
    /**
     * STARTTLS, and refuse to go on without it. On by default: turning it off (without `secure`) lets an
     * active attacker strip TLS and read codes, so it is only for a relay on the same host.
     */
    requireTLS: flag.default(true),
    auth: z.strictObject({ user: z.string().min(1).max(512), pass: z.string().min(1).max(1024) }).optional(),
    /** The envelope and header sender; the display name is always "<organization> via Regain". */
    from: z.email(),
    /** Right-hand side of Message-IDs; the `from` domain by default. */
    messageIdDomain: hostname.optional(),
    /** The name said in EHLO; nodemailer's default is the machine's host name, which may not be a FQDN. */
    heloName: hostname.optional(),
    /** PEM file of the CA(s) to trust for the server's certificate, in place of the system store. */
    tlsCaFile: z.string().min(1).optional(),
    rejectUnauthorized: flag.default(true),
    /** Connection, greeting and per-command socket timeout; keep it below the worker's send timeout (30 s). */
    timeoutMs: z.coerce.number().int().min(1_000).max(120_000).default(10_000),
    maxConnections: z.coerce.number().int().min(1).max(20).default(3),
  })
  .refine((c) => c.secure || c.requireTLS || loopbackHost.test(c.host), {
    message: 'set secure (SMTPS) or requireTLS (STARTTLS); cleartext SMTP is only allowed to a loopback host',
    path: ['requireTLS'],
  });
export type SmtpConfig = z.output<typeof smtpConfigSchema>;
export type SmtpConfigInput = z.input<typeof smtpConfigSchema>;

export interface SmtpProviderOptions {
  log: Logger;
  /**
   * The organization to brand messages with (From name, HTML header and logo), read at each send so a
   * policy change applies at once; a message's own `org` wins for the name. Without it, or when it
   * fails, messages go out as plain "Regain".
   */
  brand?: () => EmailBrand | Promise<EmailBrand>;
}

export interface SmtpProvider extends DeliveryProvider {
  /** Closes the pooled connections; sends after it fail. */
  close(): Promise<void>;
}

/** Thrown for a failure worth retrying (connection, TLS, timeout, 4xx, authentication); the worker backs off. */
export class SmtpDeliveryError extends Error {
  override readonly name = 'SmtpDeliveryError';
  constructor(
    message: string,
    /** nodemailer's error code (ECONNECTION, ETLS, EAUTH…), which the worker's log line shows. */
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
  ) {
    super(message);
  }
}

/** The parts of a nodemailer error we read; its message and `response` may echo addresses and are redacted. */
interface SmtpErrorShape {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
  message?: unknown;
}

const appName = 'Regain';

/** One plain addr-spec: no display name, list, group, comment or whitespace that could add recipients. */
const singleAddress = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;

/**
 * Creates the SMTP provider. Reads `tlsCaFile` now, so a missing file fails at start rather than at
 * the first code. Nothing it logs carries a code, a body, a subject or a full address.
 */
export function createSmtpProvider(input: SmtpConfigInput, opts: SmtpProviderOptions): SmtpProvider {
  const config = smtpConfigSchema.parse(input);
  const log = opts.log.child({ module: 'smtp' });
  const fromDomain = config.from.slice(config.from.lastIndexOf('@') + 1).toLowerCase();
  const messageIdDomain = config.messageIdDomain ?? fromDomain;
  const ca = config.tlsCaFile ? readFileSync(config.tlsCaFile, 'utf8') : undefined;
  const transport = createTransport({
    pool: true,
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    ...(config.heloName ? { name: config.heloName } : {}),
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    tls: {
      rejectUnauthorized: config.rejectUnauthorized,
      minVersion: 'TLSv1.2',
      ...(ca ? { ca } : {}),
    },
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    maxConnections: config.maxConnections,
    maxMessages: 100,
    // A pooled connection the server dropped while idle gets one more try on a fresh one; beyond that the
    // worker's backoff decides, so a dead server shows as a failed send rather than a long hang.
    maxRequeues: 1,
    idleTimeout: 30_000,
    // nodemailer's transcript logger would print message bodies, codes included: never on.
    logger: false,
    debug: false,
    transactionLog: false,
    // Messages are built from strings only; nothing may be read from disk or fetched while composing.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  let closed = false;
  // Creation stays quiet above debug: CLI commands build the runtime too, and their stdout is their output.
  let warned = false;
  log.debug(
    {
      host: config.host,
      port: config.port,
      tls: config.secure ? 'smtps' : config.requireTLS ? 'starttls' : 'opportunistic',
      auth: config.auth !== undefined,
      ca: config.tlsCaFile !== undefined,
    },
    'SMTP provider ready',
  );

  async function brandFor(m: RenderedMessage): Promise<EmailBrand> {
    let brand: EmailBrand = { name: appName };
    if (opts.brand) {
      try {
        brand = await opts.brand();
      } catch (err) {
        // A plainer From name beats a code that does not arrive.
        log.warn(
          { id: m.id, err: redact(String(err)).slice(0, 200) },
          'brand lookup failed; sending unbranded',
        );
      }
    }
    const name = displayText(m.org ?? brand.name, brandNameMaxLength);
    return { name, logoUrl: brand.logoUrl };
  }

  return {
    name: 'smtp',
    async send(m: RenderedMessage): Promise<void> {
      if (closed) throw new SmtpDeliveryError('SMTP provider is closed', 'ECLOSED', undefined);
      if (!config.rejectUnauthorized && !warned) {
        warned = true;
        log.warn(
          'SMTP server certificates are not verified (rejectUnauthorized: false): codes can be intercepted',
        );
      }
      if (m.channel !== 'email') throw new PermanentDeliveryError(`smtp cannot send ${m.channel} messages`);
      const to = m.to.trim();
      if (!singleAddress.test(to) || to.length > 320)
        throw new PermanentDeliveryError('destination is not a single email address');
      const brand = await brandFor(m);
      const subject = displayText(m.subject, 300) || brand.name || appName;
      const html = renderEmailHtml({ locale: m.locale, subject, text: m.text, brand, code: m.code });
      // Never "Regain via Regain": an unbranded message is sent as the service itself.
      const fromName = brand.name && brand.name !== appName ? `${brand.name} via ${appName}` : appName;
      try {
        const info = await transport.sendMail({
          from: { name: fromName, address: config.from },
          to: { name: '', address: to },
          envelope: { from: config.from, to: [to] },
          subject,
          text: m.text,
          html,
          // The outbox id: a retried message keeps its Message-ID, so a receiver can tell it is the same one.
          messageId: `<${m.id}@${messageIdDomain}>`,
          headers: {
            // RFC 3834: a machine sent this; auto-responders (vacation replies) must not answer it.
            'Auto-Submitted': 'auto-generated',
            // Exchange's equivalent, which ignores Auto-Submitted for out-of-office replies.
            'X-Auto-Response-Suppress': 'All',
          },
        });
        log.debug({ id: m.id, kind: m.kind, accepted: info.accepted.length }, 'SMTP server accepted message');
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}

/**
 * 5xx replies that are not about the message: 503 is a session out of step; 530, 534, 535 and 538 ask
 * for authentication or TLS (RFC 4954), which only the operator's configuration can fix.
 */
const retryable5xx: ReadonlySet<number> = new Set([503, 530, 534, 535, 538]);

/**
 * Sorts a nodemailer failure for the worker. A 5xx reply to the message or its envelope (MAIL, RCPT,
 * DATA: unknown mailbox, policy rejection) would come again on every retry: PermanentDeliveryError, so
 * the row fails at once. Everything else is retried: connection, DNS, TLS and timeout errors, 4xx replies
 * (greylisting, full mailbox), 503 (a session out of step, fine on a fresh connection), and 5xx replies
 * to the greeting, EHLO, STARTTLS or AUTH, which are about the server or the operator's configuration
 * rather than this message, and must not destroy it while someone fixes them.
 * Messages are redacted: a server reply may echo the address.
 */
export function classifySmtpError(err: unknown): Error {
  const e: SmtpErrorShape = typeof err === 'object' && err !== null ? err : {};
  const code = typeof e.code === 'string' ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command.split(' ')[0]?.slice(0, 16) : undefined;
  const message = redact(typeof e.message === 'string' ? e.message : String(err)).slice(0, 240);
  const where = command ? ` on ${command}` : '';
  const aboutMessage = command === 'MAIL' || command === 'RCPT' || command === 'DATA';
  const permanentReply =
    aboutMessage &&
    responseCode !== undefined &&
    responseCode >= 500 &&
    responseCode < 600 &&
    !retryable5xx.has(responseCode);
  if (permanentReply) return new PermanentDeliveryError(`SMTP ${responseCode}${where}: ${message}`);
  // nodemailer refusing the envelope before any reply (a malformed address) will refuse it every time.
  if (code === 'EENVELOPE' && responseCode === undefined)
    return new PermanentDeliveryError(`SMTP envelope refused: ${message}`);
  return new SmtpDeliveryError(
    `SMTP ${responseCode ?? code ?? 'error'}${where}: ${message}`,
    code,
    responseCode,
  );
}
