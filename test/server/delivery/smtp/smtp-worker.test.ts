// End to end through the outbox: enqueue, the worker sends over SMTP, a server outage is retried with backoff.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, type OutgoingMessage } from '../../../../server/delivery/outbox.ts';
import { createSmtpProvider, type SmtpProvider } from '../../../../server/delivery/providers/smtp.ts';
import { backoffMs, createDeliveryWorker } from '../../../../server/delivery/worker.ts';
import type { Db } from '../../../../server/store/db.ts';
import { type DeliveryFixture, deliveryFixture, dumpOutbox, openMigrated, outboxRow } from '../fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-fixtures.ts';

const code = '73920461';
const to = 'alice@personal.example';

let db: Db;
let f: DeliveryFixture;
let smtp: TestSmtpServer;
let provider: SmtpProvider;
beforeAll(async () => {
  db = await openMigrated();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  f = await deliveryFixture(db);
  smtp = await startSmtpServer();
  provider = createSmtpProvider(
    { host: '127.0.0.1', port: smtp.port, requireTLS: false, from: 'noreply@regain.contoso.example' },
    { log: f.log, brand: () => ({ name: 'Contoso' }) },
  );
});
afterEach(async () => {
  await provider.close();
  await smtp.stop();
});

function worker() {
  return createDeliveryWorker({
    db: f.db,
    keys: f.keys,
    clock: f.clock,
    providers: { email: provider, sms: f.dev, voice: f.dev },
    log: f.log,
  });
}

const put = (m: Partial<OutgoingMessage> = {}) =>
  f.db.tx((q) =>
    enqueue(q, f.keys, f.clock, {
      kind: 'reset_code',
      channel: 'email',
      to,
      locale: 'fr-CA,fr;q=0.9',
      vars: { org: 'Contoso' },
      code,
      expiresAt: f.clock.now() + 10 * 60_000,
      ...m,
    }),
  );

describe('SMTP through the outbox worker', () => {
  it('delivers a queued code message and wipes its body', async () => {
    const id = await put();
    expect(await worker().drain()).toBe(1);
    const [r] = await smtp.waitFor(1);
    expect(r!.to).toEqual([to]);
    expect(r!.mail.from?.value[0]?.name).toBe('Contoso via Regain');
    expect(r!.mail.subject).toBe('Votre code de réinitialisation de mot de passe Contoso');
    expect(r!.mail.text).toContain(code);
    expect(r!.mail.html).toContain(code);
    expect(r!.mail.html).toContain('<html lang="fr"');
    expect(r!.mail.messageId).toBe(`<${id}@regain.contoso.example>`);
    const row = await outboxRow(f.db, id);
    expect(row.status).toBe('sent');
    expect(row.sealed).toBe('');
  });

  it('retries after the server was down: pending with a later available_at, then delivered', async () => {
    const port = smtp.port;
    const w = worker();
    // A first message warms the pool, so the outage also has to be noticed on a pooled connection.
    await put({ kind: 'password_changed', code: undefined });
    expect(await w.drain()).toBe(1);
    await smtp.waitFor(1);
    await smtp.stop();

    const id = await put();
    expect(await w.drain()).toBe(0);
    const failed = await outboxRow(f.db, id);
    expect(failed.status).toBe('pending');
    expect(failed.attempts).toBe(1);
    expect(failed.available_at.getTime()).toBe(f.clock.now() + backoffMs(1));
    expect(failed.last_error).toMatch(/^SmtpDeliveryError/);
    // Not due yet: a drain before the backoff leaves it alone.
    expect(await w.drain()).toBe(0);

    smtp = await startSmtpServer({ port });
    f.clock.advance(backoffMs(1));
    expect(await w.drain()).toBe(1);
    const [r] = await smtp.waitFor(1);
    expect(r!.mail.text).toContain(code);
    const sent = await outboxRow(f.db, id);
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBe(2);
    expect(sent.last_error).toBeNull();
    // Neither the failure nor the logs kept the code or the address.
    expect(await dumpOutbox(f.db)).not.toContain(code);
    expect(f.logLines.join('\n')).not.toContain(code);
    expect(f.logLines.join('\n')).not.toContain(to);
  });

  it('fails a message the server rejects for good at once', async () => {
    await smtp.stop();
    smtp = await startSmtpServer({ port: smtp.port, rejectRcpt: 550 });
    const id = await put();
    expect(await worker().drain()).toBe(0);
    const row = await outboxRow(f.db, id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.sealed).toBe('');
    expect(row.last_error).toMatch(/^PermanentDeliveryError: SMTP 550 on RCPT/);
    expect(row.last_error).not.toContain(to);
  });
});
