// Test SMTP servers on loopback (smtp-server), the messages they received parsed with mailparser, and a test-only TLS cert.
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino, { type Logger } from 'pino';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/**
 * A self-signed certificate for localhost and 127.0.0.1, valid until 2126, made for these tests only
 * (`openssl req -x509 -newkey ec`, P-256): nothing anywhere trusts it unless a test hands it over as
 * the CA, which is the point of the STARTTLS tests.
 */
export const testTlsKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQga3oUzfAmXb4P6DlL
Ci5qCJ/aFqvHB6O9c1sxR9s9OdShRANCAAR7/FX74S5FtVzWIH5tc2/A2WC0sgZ+
0tL5U77BxeF3hlzh/I/W8PxmCrB+Q3d5tmgYYEs1UkwOCZDS8WXXkh8D
-----END PRIVATE KEY-----
`;

export const testTlsCert = `-----BEGIN CERTIFICATE-----
MIIB4TCCAYegAwIBAgIUIWR3Yk/xGpb76k7vooEAQlO/l/kwCgYIKoZIzj0EAwIw
LzESMBAGA1UEAwwJbG9jYWxob3N0MRkwFwYDVQQKDBBSZWdhaW4gdGVzdCBTTVRQ
MCAXDTI2MTEyMjAwMTU0MFoYDzIxMjYxMDI5MDAxNTQwWjAvMRIwEAYDVQQDDAls
b2NhbGhvc3QxGTAXBgNVBAoMEFJlZ2FpbiB0ZXN0IFNNVFAwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAR7/FX74S5FtVzWIH5tc2/A2WC0sgZ+0tL5U77BxeF3hlzh
/I/W8PxmCrB+Q3d5tmgYYEs1UkwOCZDS8WXXkh8Do38wfTAdBgNVHQ4EFgQU2lER
5gR5VCCbUTHAOkJYyYwux6IwHwYDVR0jBBgwFoAU2lER5gR5VCCbUTHAOkJYyYwu
x6IwGgYDVR0RBBMwEYIJbG9jYWxob3N0hwR/AAABMA8GA1UdEwEB/wQFMAMBAf8w
DgYDVR0PAQH/BAQDAgKEMAoGCCqGSM49BAMCA0gAMEUCIQCyrWNpaUu1WTKIBJaN
NzDFtjR1/J+Zs1agrvXopDzVzgIgK/9Ew86juLgwxTzdN/LOqris3STiH5KRTYZQ
GemadKw=
-----END CERTIFICATE-----
`;

/** Writes the test certificate to a temporary file, for the provider's `tlsCaFile`. */
export async function testCaFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regain-smtp-'));
  const path = join(dir, 'ca.pem');
  writeFileSync(path, testTlsCert);
  return path;
}

export interface Received {
  mail: ParsedMail;
  raw: string;
  /** The SMTP envelope, as the server saw it. */
  from: string;
  to: string[];
  /** Whether the session ran over TLS (SMTPS or after STARTTLS). */
  secure: boolean;
  /** The user that authenticated, if any. */
  user: string | undefined;
}

export interface TestSmtpOptions {
  /** `none`: cleartext only; `starttls`: offers STARTTLS with the test cert; `smtps`: TLS from the first byte. */
  tls?: 'none' | 'starttls' | 'smtps';
  /** Require AUTH PLAIN with these credentials. */
  auth?: { user: string; pass: string };
  /** Answer every RCPT TO with this reply code (550, 450…). */
  rejectRcpt?: number;
  /** Listen on this port (to restart a stopped server where the provider expects it); any free one by default. */
  port?: number;
}

export interface TestSmtpServer {
  port: number;
  received: Received[];
  /** Resolves once `n` messages arrived in total. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  stop(): Promise<void>;
}

export async function startSmtpServer(opts: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const mode = opts.tls ?? 'none';
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const options: SMTPServerOptions = {
    secure: mode === 'smtps',
    key: testTlsKey,
    cert: testTlsCert,
    // Hiding STARTTLS would still accept it when asked; a cleartext server must refuse it outright.
    disabledCommands: [
      ...(mode === 'none' ? ['STARTTLS'] : []),
      ...(opts.auth === undefined ? ['AUTH'] : []),
    ],
    authMethods: ['PLAIN'],
    authOptional: opts.auth === undefined,
    logger: false,
    // Pooled client connections would otherwise hold a stopping server for 30 s.
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      const ok = opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (opts.rejectRcpt === undefined) callback();
      else
        callback(
          Object.assign(new Error(`mailbox unavailable for ${_address.address}`), {
            responseCode: opts.rejectRcpt,
          }),
        );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            received.push({
              mail,
              raw: raw.toString('utf8'),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            for (const w of waiters.splice(0)) w();
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    async waitFor(n, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} messages, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return received;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: bound once, then released. */
export async function deadPort(): Promise<number> {
  const s = await startSmtpServer();
  await s.stop();
  return s.port;
}

/** A debug-level logger capturing every line, to check what the provider writes. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { log, lines };
}
