// The outbox: enqueue inside a transaction, drain through the dev provider, and no code in clear in the database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, type OutgoingMessage } from '../../../server/delivery/outbox.ts';
import { TemplateError } from '../../../server/delivery/templates.ts';
import { createDeliveryWorker } from '../../../server/delivery/worker.ts';
import type { Db } from '../../../server/store/db.ts';
import { type DeliveryFixture, deliveryFixture, dumpOutbox, openMigrated, outboxRow } from './fixtures.ts';

let db: Db;
let f: DeliveryFixture;
beforeAll(async () => {
  db = await openMigrated();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  f = await deliveryFixture(db);
});

const worker = () =>
  createDeliveryWorker({
    db: f.db,
    keys: f.keys,
    clock: f.clock,
    providers: { email: f.dev, sms: f.dev, voice: f.dev },
    log: f.log,
  });

const resetSms = (code: string): OutgoingMessage => ({
  kind: 'reset_code',
  channel: 'sms',
  to: '+14255550100',
  locale: 'fr-CA,fr;q=0.9,en;q=0.8',
  vars: { org: 'Contoso', minutes: 10 },
  code,
  expiresAt: f.clock.now() + 10 * 60_000,
});

describe('enqueue + drain', () => {
  it('delivers a sealed message with its code and branded text, keeping no code in the database', async () => {
    const code = '738291';
    const emailCode = '90817263';
    const [smsId, emailId] = await f.db.tx(async (q) => [
      await enqueue(q, f.keys, f.clock, resetSms(code)),
      await enqueue(q, f.keys, f.clock, {
        kind: 'verify_code',
        channel: 'email',
        to: 'Alice@Personal.example',
        locale: 'en',
        vars: { org: 'Contoso' },
        code: emailCode,
        expiresAt: f.clock.now() + 10 * 60_000,
      }),
    ]);
    const queued = await dumpOutbox(f.db);
    expect(queued).toContain(smsId);
    expect(queued).not.toContain(code);
    expect(queued).not.toContain(emailCode);
    expect((await outboxRow(f.db, smsId!)).status).toBe('pending');

    expect(await worker().drain()).toBe(2);

    const [sms] = f.dev.list('+14255550100');
    expect(sms).toMatchObject({ id: smsId, channel: 'sms', to: '+14255550100', code });
    expect(sms!.text).toBe(
      `${code} est votre code de réinitialisation Contoso. Il expire dans 10 minutes. Ne le partagez pas.`,
    );
    expect(sms!.createdAt).toBe(new Date(f.clock.now()).toISOString());
    const [email] = f.dev.list('alice@personal.example');
    expect(email).toMatchObject({
      id: emailId,
      channel: 'email',
      subject: 'Your Contoso verification code',
      code: emailCode,
    });
    expect(email!.text).toContain(emailCode);

    const sent = await dumpOutbox(f.db);
    expect(sent).not.toContain(code);
    expect(sent).not.toContain(emailCode);
    const row = await outboxRow(f.db, smsId!);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sealed: '', last_error: null });
    expect(row.sent_at?.getTime()).toBe(f.clock.now());
    expect(await worker().drain()).toBe(0);
    expect(f.dev.list()).toHaveLength(2);
  });

  it('states the code life left at sending time', async () => {
    await f.db.tx((q) => enqueue(q, f.keys, f.clock, { ...resetSms('123456'), locale: 'en' }));
    f.clock.advance(4 * 60_000 + 1);
    await worker().drain();
    expect(f.dev.list()[0]!.text).toContain('It expires in 6 minutes.');
  });

  it('leaves nothing behind when the transaction rolls back', async () => {
    await expect(
      f.db.tx(async (q) => {
        await enqueue(q, f.keys, f.clock, resetSms('123456'));
        throw new Error('flow failed');
      }),
    ).rejects.toThrow('flow failed');
    expect(await f.db.query('SELECT id FROM outbox')).toEqual([]);
    expect(await worker().drain()).toBe(0);
  });

  it('refuses a message that could never be sent, failing the caller', async () => {
    const bad = (m: Partial<OutgoingMessage>) =>
      f.db.tx((q) => enqueue(q, f.keys, f.clock, { ...resetSms('123456'), ...m }));
    await expect(bad({ code: undefined })).rejects.toThrow(/needs a code/);
    await expect(bad({ vars: {} })).rejects.toThrow(TemplateError);
    await expect(bad({ expiresAt: f.clock.now() })).rejects.toThrow(RangeError);
    await expect(bad({ to: '  ' })).rejects.toThrow(/destination/);
    await expect(bad({ kind: 'contact_changed', vars: { org: 'C' } })).rejects.toThrow(TemplateError);
    expect(await f.db.query('SELECT id FROM outbox')).toEqual([]);
  });

  it('queues notices without a code', async () => {
    const id = await f.db.tx((q) =>
      enqueue(q, f.keys, f.clock, {
        kind: 'password_changed',
        channel: 'email',
        to: 'alice@contoso.com',
        locale: 'de',
        vars: { org: 'Contoso', name: 'Alice Smith', reason: 'reset' },
        expiresAt: f.clock.now() + 24 * 3_600_000,
      }),
    );
    await worker().drain();
    const [m] = f.dev.list();
    expect(m).toMatchObject({ id, subject: 'Ihr Kennwort bei Contoso wurde geändert' });
    expect(m!.code).toBeUndefined();
    expect(m!.text).not.toContain('Alice');
  });
});
