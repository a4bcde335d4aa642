// The SMTP provider against real SMTP servers on loopback: content, headers, TLS, auth, error classes, safe logs.
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, type RenderedMessage } from '../../../../server/delivery/provider.ts';
import {
  classifySmtpError,
  createSmtpProvider,
  type SmtpConfigInput,
  SmtpDeliveryError,
  type SmtpProvider,
  smtpConfigSchema,
} from '../../../../server/delivery/providers/smtp.ts';
import { render } from '../../../../server/delivery/templates.ts';
import type { MessageKind } from '../../../../server/delivery/types.ts';
import { captureLog, deadPort, startSmtpServer, type TestSmtpServer, testCaFile } from './smtp-fixtures.ts';

const code = '48213907';
const to = 'alice@personal.example';
const from = 'noreply@regain.contoso.example';

let servers: TestSmtpServer[] = [];
let providers: SmtpProvider[] = [];
afterEach(async () => {
  for (const p of providers) await p.close();
  for (const s of servers) await s.stop();
  servers = [];
  providers = [];
});

async function server(opts: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const s = await startSmtpServer(opts);
  servers.push(s);
  return s;
}

function provider(
  config: Partial<SmtpConfigInput> & { port: number },
  brand: { name: string; logoUrl?: string } = { name: 'Contoso' },
  log = captureLog().log,
): SmtpProvider {
  const p = createSmtpProvider(
    { host: '127.0.0.1', requireTLS: false, from, timeoutMs: 3_000, ...config },
    { log, brand: () => brand },
  );
  providers.push(p);
  return p;
}

/** A message as the worker builds it: rendered by the real templates. */
function message(kind: MessageKind = 'reset_code', org = 'Contoso', locale = 'en'): RenderedMessage {
  const out = render({
    kind,
    channel: 'email',
    locale,
    vars: { org, method: 'mobilePhone', change: 'added', contact: '+33 ••••••••78' },
    code,
    minutes: 10,
  });
  return {
    id: '0b6f1a52-8c1e-4d57-9a43-3f1f0c3b2a10',
    channel: 'email',
    kind,
    locale,
    to,
    subject: out.subject!,
    text: out.text,
    ...(kind === 'reset_code' || kind === 'verify_code' ? { code } : {}),
    createdAt: Date.UTC(2026, 0, 1),
  };
}

describe('smtp provider: content', () => {
  it('delivers a code message as multipart/alternative with From, To, Subject, headers and the code in both parts', async () => {
    const s = await server();
    await provider({ port: s.port }).send(message());
    const [r] = await s.waitFor(1);
    const mail = r!.mail;
    expect(mail.from?.value).toEqual([{ name: 'Contoso via Regain', address: from }]);
    expect(mail.from?.text).toBe(`"Contoso via Regain" <${from}>`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual([to]);
    expect(r!.from).toBe(from);
    expect(r!.to).toEqual([to]);
    expect(mail.subject).toBe('Your Contoso password reset code');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    expect(mail.messageId).toBe('<0b6f1a52-8c1e-4d57-9a43-3f1f0c3b2a10@regain.contoso.example>');
    expect(r!.raw).toMatch(/^Content-Type: multipart\/alternative;/im);
    expect(mail.text).toContain(`    ${code}`);
    expect(mail.text).toBe(message().text);
    expect(mail.html).toContain(`>${code}</span>`);
    expect(mail.html).toContain('<html lang="en"');
    // No tracking: no links, no images without a logo, no scripts, no list or campaign headers.
    expect(mail.html).not.toMatch(/<a\s|<img|<script|<form|<iframe|<link|url\(/i);
    expect(r!.raw).not.toMatch(/^(List-|X-Campaign|X-Mailgun|X-SES)/im);
  });

  it('escapes a hostile organization name in the HTML and keeps it a plain display name in From', async () => {
    const s = await server();
    const org = '<script>alert("x")</script> & Co';
    const logoUrl = 'https://cdn.contoso.example/logo.png?v=1&s=2';
    await provider({ port: s.port }, { name: org, logoUrl }).send({ ...message('reset_code', org), org });
    const [r] = await s.waitFor(1);
    const html = String(r!.mail.html);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain(`<img src="https://cdn.contoso.example/logo.png?v=1&amp;s=2" alt="&lt;script&gt;`);
    expect(r!.mail.from?.value).toEqual([{ name: `${org} via Regain`, address: from }]);
    expect(r!.mail.text).toContain(org);
  });

  it('uses the message org over the brand, and sends unbranded as plain Regain', async () => {
    const s = await server();
    await provider({ port: s.port }, { name: 'Old name' }).send({
      ...message(),
      org: 'Fabrikam Ünïcödé "Ltd"',
    });
    const failing = createSmtpProvider(
      { host: '127.0.0.1', port: s.port, requireTLS: false, from },
      {
        log: captureLog().log,
        brand: () => {
          throw new Error('db down');
        },
      },
    );
    providers.push(failing);
    await failing.send(message('password_changed'));
    const got = await s.waitFor(2);
    expect(got.map((r) => r.mail.from?.value[0]?.name).sort()).toEqual([
      'Fabrikam Ünïcödé "Ltd" via Regain',
      'Regain',
    ]);
  });

  it('sends every kind in every locale with the text and its escaped HTML', async () => {
    const s = await server();
    const p = provider({ port: s.port });
    const kinds: MessageKind[] = [
      'reset_code',
      'verify_code',
      'password_changed',
      'contact_changed',
      'privileged_reset',
    ];
    for (const locale of ['en', 'fr', 'de'])
      for (const kind of kinds)
        await p.send({ ...message(kind, 'Contoso', locale), id: `${kind}-${locale}` });
    const got = await s.waitFor(kinds.length * 3);
    for (const r of got) {
      expect(r.mail.html).toContain('Contoso');
      expect(String(r.mail.html)).toMatch(/^<!DOCTYPE html>\n<html lang="(en|fr|de)"/);
      expect(r.mail.text).toContain('Contoso');
    }
    const fr = got.find((r) => r.mail.messageId?.startsWith('<contact_changed-fr@'));
    expect(fr?.mail.html).toContain('+33 ••••••••78');
  });
});

describe('smtp provider: TLS and authentication', () => {
  it('delivers over STARTTLS to a self-signed server when its CA is given', async () => {
    const s = await server({ tls: 'starttls' });
    await provider({ port: s.port, requireTLS: true, tlsCaFile: await testCaFile() }).send(message());
    const [r] = await s.waitFor(1);
    expect(r!.secure).toBe(true);
  });

  it('refuses the self-signed certificate without the CA, as a retryable error, and sends nothing', async () => {
    const s = await server({ tls: 'starttls' });
    const err = await provider({ port: s.port, requireTLS: true })
      .send(message())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpDeliveryError);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String((err as Error).message)).toMatch(/certificate/i);
    expect(s.received).toHaveLength(0);
  });

  it('refuses a server without STARTTLS when requireTLS is on', async () => {
    const s = await server({ tls: 'none' });
    const err = await provider({ port: s.port, requireTLS: true, tlsCaFile: await testCaFile() })
      .send(message())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpDeliveryError);
    expect(s.received).toHaveLength(0);
  });

  it('delivers over SMTPS when its CA is given', async () => {
    const s = await server({ tls: 'smtps' });
    await provider({ port: s.port, secure: true, tlsCaFile: await testCaFile() }).send(message());
    const [r] = await s.waitFor(1);
    expect(r!.secure).toBe(true);
  });

  it('authenticates with AUTH PLAIN over STARTTLS', async () => {
    const auth = { user: 'regain', pass: 'correct horse battery staple' };
    const s = await server({ tls: 'starttls', auth });
    await provider({ port: s.port, requireTLS: true, tlsCaFile: await testCaFile(), auth }).send(message());
    const [r] = await s.waitFor(1);
    expect(r!.user).toBe('regain');
  });

  it('fails a wrong password as a retryable EAUTH error (configuration, not the message)', async () => {
    const s = await server({ tls: 'starttls', auth: { user: 'regain', pass: 'right' } });
    const err = await provider({
      port: s.port,
      requireTLS: true,
      tlsCaFile: await testCaFile(),
      auth: { user: 'regain', pass: 'wrong' },
    })
      .send(message())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpDeliveryError);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect((err as SmtpDeliveryError).code).toBe('EAUTH');
    expect((err as SmtpDeliveryError).responseCode).toBe(535);
    expect(s.received).toHaveLength(0);
  });
});

describe('smtp provider: errors', () => {
  it('turns a 550 on RCPT into PermanentDeliveryError, without the address in its message', async () => {
    const s = await server({ rejectRcpt: 550 });
    const err = await provider({ port: s.port })
      .send(message())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as Error).message).toMatch(/^SMTP 550 on RCPT/);
    expect((err as Error).message).not.toContain(to);
  });

  it('keeps a 450 on RCPT retryable', async () => {
    const s = await server({ rejectRcpt: 450 });
    const err = await provider({ port: s.port })
      .send(message())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpDeliveryError);
    expect((err as SmtpDeliveryError).responseCode).toBe(450);
  });

  it('throws a retryable error when the server is down', async () => {
    const err = await provider({ port: await deadPort() })
      .send(message())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpDeliveryError);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('refuses non-email messages and destinations that are not one address, sending nothing', async () => {
    const s = await server();
    const p = provider({ port: s.port });
    for (const bad of [
      { ...message(), channel: 'sms' as const },
      { ...message(), to: 'alice@personal.example, mallory@evil.example' },
      { ...message(), to: 'Alice <alice@personal.example>' },
      { ...message(), to: 'alice@personal.example\r\nBcc: mallory@evil.example' },
    ])
      await expect(p.send(bad)).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(s.received).toHaveLength(0);
  });

  it('fails sends after close', async () => {
    const s = await server();
    const p = provider({ port: s.port });
    await p.close();
    await expect(p.send(message())).rejects.toBeInstanceOf(SmtpDeliveryError);
  });

  it('classifies replies by command: 5xx on the message is permanent, on the session it is not', () => {
    const e = (responseCode: number, command: string, code = 'EENVELOPE') =>
      classifySmtpError(Object.assign(new Error('x'), { responseCode, command, code }));
    expect(e(550, 'RCPT TO')).toBeInstanceOf(PermanentDeliveryError);
    expect(e(552, 'DATA', 'EMESSAGE')).toBeInstanceOf(PermanentDeliveryError);
    expect(e(553, 'MAIL FROM')).toBeInstanceOf(PermanentDeliveryError);
    expect(e(503, 'RCPT TO')).toBeInstanceOf(SmtpDeliveryError);
    expect(e(530, 'MAIL FROM')).toBeInstanceOf(SmtpDeliveryError);
    expect(e(535, 'AUTH PLAIN', 'EAUTH')).toBeInstanceOf(SmtpDeliveryError);
    expect(e(554, 'CONN', 'EPROTOCOL')).toBeInstanceOf(SmtpDeliveryError);
    expect(e(421, 'DATA', 'EMESSAGE')).toBeInstanceOf(SmtpDeliveryError);
    expect(
      classifySmtpError(Object.assign(new Error('Invalid recipient'), { code: 'EENVELOPE' })),
    ).toBeInstanceOf(PermanentDeliveryError);
    expect(classifySmtpError(new Error('connect ECONNREFUSED 127.0.0.1:2525'))).toBeInstanceOf(
      SmtpDeliveryError,
    );
  });

  it('never logs the code, the body, the subject or the address', async () => {
    const s = await server();
    const { log, lines } = captureLog();
    const p = provider({ port: s.port }, { name: 'Contoso' }, log);
    await p.send(message());
    await s.waitFor(1);
    const rejecting = await server({ rejectRcpt: 550 });
    await provider({ port: rejecting.port }, { name: 'Contoso' }, log)
      .send(message())
      .catch(() => {});
    const all = lines.join('\n');
    expect(all).toContain('SMTP provider ready');
    expect(all).not.toContain(code);
    expect(all).not.toContain(to);
    expect(all).not.toContain('password reset code');
  });
});

describe('smtpConfigSchema', () => {
  it('fills secure defaults', () => {
    const c = smtpConfigSchema.parse({ host: 'smtp.contoso.example', from });
    expect(c).toMatchObject({
      port: 587,
      secure: false,
      requireTLS: true,
      rejectUnauthorized: true,
      timeoutMs: 10_000,
    });
  });

  it('refuses cleartext SMTP to anything but loopback', () => {
    expect(
      smtpConfigSchema.safeParse({ host: 'smtp.contoso.example', from, requireTLS: false }).success,
    ).toBe(false);
    expect(
      smtpConfigSchema.safeParse({ host: 'smtp.contoso.example', from, secure: true, port: 465 }).success,
    ).toBe(true);
    expect(smtpConfigSchema.safeParse({ host: 'localhost', from, requireTLS: false }).success).toBe(true);
  });

  it('takes strings from the environment and rejects a bad sender', () => {
    const c = smtpConfigSchema.parse({ host: 'smtp.contoso.example', from, port: '465', secure: 'true' });
    expect(c.port).toBe(465);
    expect(c.secure).toBe(true);
    expect(smtpConfigSchema.safeParse({ host: 'smtp.contoso.example', from: 'not an address' }).success).toBe(
      false,
    );
    expect(smtpConfigSchema.safeParse({ host: 'smtp.contoso.example', from, extra: 1 }).success).toBe(false);
  });
});
