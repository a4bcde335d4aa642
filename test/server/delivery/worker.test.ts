// The delivery worker: retries with backoff, expiry, exactly-once claims, crash recovery, safe logs, a loop that stays up.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueue, type OutgoingMessage } from '../../../server/delivery/outbox.ts';
import {
  type DeliveryProvider,
  PermanentDeliveryError,
  type RenderedMessage,
} from '../../../server/delivery/provider.ts';
import {
  backoffMs,
  createDeliveryWorker,
  type DeliveryWorkerOptions,
} from '../../../server/delivery/worker.ts';
import type { Db } from '../../../server/store/db.ts';
import {
  type DeliveryFixture,
  deliveryFixture,
  dumpOutbox,
  freshPostgres,
  openMigrated,
  outboxRow,
  postgresAvailable,
} from './fixtures.ts';

const withPostgres = await postgresAvailable();

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

const code = '615243';
const phone = '+14255550177';

function message(m: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    kind: 'reset_code',
    channel: 'sms',
    to: phone,
    locale: 'en',
    vars: { org: 'Contoso' },
    code,
    expiresAt: f.clock.now() + 10 * 60_000,
    ...m,
  };
}

const put = (m: Partial<OutgoingMessage> = {}) => f.db.tx((q) => enqueue(q, f.keys, f.clock, message(m)));

interface AuditRow {
  kind: string;
  result: string;
  detail: string;
  method: string | null;
  user_id: string | null;
  data: Record<string, unknown>;
}

/** The audit rows written for one outbox message, and the whole row as text (for leak checks). */
async function auditFor(id: string): Promise<{ rows: AuditRow[]; text: string }> {
  const rows = await f.db.query<AuditRow & { j: string }>(
    `SELECT kind, result, detail, method, user_id, data, row_to_json(a)::text AS j FROM audit a
     WHERE kind = 'delivery' AND data->>'id' = $1`,
    [id],
  );
  return { rows: rows.map(({ j: _, ...r }) => r), text: rows.map((r) => r.j).join('\n') };
}

/** A provider that fails the way a real one might: echoing the destination and the text in its error. */
class FailingProvider implements DeliveryProvider {
  readonly name = 'failing';
  calls: RenderedMessage[] = [];
  constructor(
    private readonly error: (m: RenderedMessage) => Error = (m) =>
      new Error(`503 from gateway for ${m.to}: ${m.text}`),
  ) {}
  async send(m: RenderedMessage): Promise<void> {
    this.calls.push(m);
    throw this.error(m);
  }
}

function worker(over: Partial<DeliveryWorkerOptions> = {}) {
  return createDeliveryWorker({
    db: f.db,
    keys: f.keys,
    clock: f.clock,
    providers: { email: f.dev, sms: f.dev, voice: f.dev },
    log: f.log,
    ...over,
  });
}

describe('backoffMs', () => {
  it('doubles from 2 s and caps at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffMs)).toEqual([
      2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000,
    ]);
  });
});

describe('retries', () => {
  it('backs off exponentially and expires an undeliverable code without ever sending it', async () => {
    const failing = new FailingProvider();
    const w = worker({ providers: { email: f.dev, sms: failing, voice: f.dev } });
    const id = await put();
    const expiresAt = f.clock.now() + 10 * 60_000;
    const delays: number[] = [];
    for (let guard = 0; guard < 50; guard++) {
      const before = failing.calls.length;
      expect(await w.drain()).toBe(0);
      const row = await outboxRow(f.db, id);
      if (row.status === 'expired') break;
      expect(row.status).toBe('pending');
      expect(failing.calls.length).toBe(before + 1);
      const delay = row.available_at.getTime() - f.clock.now();
      delays.push(delay);
      // Not due a millisecond early...
      f.clock.advance(delay - 1);
      expect(await w.drain()).toBe(0);
      expect(failing.calls.length).toBe(before + 1);
      f.clock.advance(1);
    }
    expect(delays.slice(0, 7)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    const row = await outboxRow(f.db, id);
    expect(row.status).toBe('expired');
    expect(row.sealed).toBe('');
    expect(f.clock.now()).toBeLessThanOrEqual(expiresAt);
    expect(failing.calls.length).toBe(delays.length + 1);
    expect(f.dev.list()).toEqual([]);
    // The provider's error echoed the number and the code: neither may reach the table or the log.
    expect(row.last_error).toContain('503');
    const dump = await dumpOutbox(f.db);
    expect(dump).not.toContain(code);
    expect(f.logLines.join('')).not.toContain(code);
    expect(f.logLines.join('')).not.toContain(phone.slice(1));
    // Giving up is audited once, in the same step: masked destination, redacted reason, no code.
    const audited = await auditFor(id);
    expect(audited.rows).toEqual([
      {
        kind: 'delivery',
        result: 'failed',
        detail: 'delivery_expired',
        method: 'sms',
        user_id: null,
        data: { id, kind: 'reset_code', channel: 'sms', to: '+1 ••••••••77', reason: row.last_error },
      },
    ]);
    expect(audited.text).not.toContain(code);
    expect(audited.text).not.toContain(phone.slice(1));
    expect(audited.text).not.toContain('4255550');
    f.clock.advance(60 * 60_000);
    await w.drain();
    expect(failing.calls.length).toBe(delays.length + 1);
    expect((await auditFor(id)).rows).toHaveLength(1);
  });

  it('expires a pending message whose time is up without sending it', async () => {
    const id = await put();
    f.clock.advance(10 * 60_000);
    expect(await worker().drain()).toBe(0);
    expect(await outboxRow(f.db, id)).toMatchObject({ status: 'expired', sealed: '' });
    expect(f.dev.list()).toEqual([]);
    const audited = await auditFor(id);
    expect(audited.rows).toMatchObject([
      {
        detail: 'delivery_expired',
        result: 'failed',
        method: 'sms',
        data: { reason: 'expired before delivery' },
      },
    ]);
    expect(audited.text).not.toContain(code);
    expect(audited.text).not.toContain(phone.slice(1));
  });

  it('gives up at once on a permanent provider error', async () => {
    const failing = new FailingProvider(
      (m) => new PermanentDeliveryError(`number ${m.to} is not mobile (code ${m.code})`),
    );
    const id = await put();
    const w = worker({ providers: { email: f.dev, sms: failing, voice: f.dev } });
    await w.drain();
    const row = await outboxRow(f.db, id);
    expect(row).toMatchObject({ status: 'failed', sealed: '', attempts: 1 });
    const audited = await auditFor(id);
    expect(audited.rows).toEqual([
      {
        kind: 'delivery',
        result: 'failed',
        detail: 'delivery_failed',
        method: 'sms',
        user_id: null,
        data: { id, kind: 'reset_code', channel: 'sms', to: '+1 ••••••••77', reason: row.last_error },
      },
    ]);
    expect(row.last_error).toContain('is not mobile');
    expect(audited.text).not.toContain(code);
    expect(audited.text).not.toContain(phone.slice(1));
    f.clock.advance(60 * 60_000);
    await w.drain();
    expect((await auditFor(id)).rows).toHaveLength(1);
  });

  it('treats a provider that hangs as failed', async () => {
    const hanging: DeliveryProvider = { name: 'hanging', send: () => new Promise(() => {}) };
    const id = await put();
    await worker({ providers: { email: f.dev, sms: hanging, voice: f.dev }, sendTimeoutMs: 30 }).drain();
    const row = await outboxRow(f.db, id);
    expect(row.status).toBe('pending');
    expect(row.last_error).toMatch(/timed out/);
  });

  it('keeps sending through other providers when one fails, even synchronously', async () => {
    const throwing: DeliveryProvider = {
      name: 'throwing',
      send: () => {
        throw new Error('sync boom');
      },
    };
    const smsId = await put();
    const emailId = await put({
      channel: 'email',
      to: 'bob@fabrikam.com',
      kind: 'password_changed',
      code: undefined,
    });
    const voiceId = await put({ channel: 'voice' });
    expect(await worker({ providers: { email: f.dev, sms: throwing, voice: f.dev } }).drain()).toBe(2);
    expect((await outboxRow(f.db, smsId)).status).toBe('pending');
    expect((await outboxRow(f.db, emailId)).status).toBe('sent');
    expect((await outboxRow(f.db, voiceId)).status).toBe('sent');
    expect(f.dev.list(phone)[0]!.text).toContain('6, 1, 5, 2, 4, 3');
  });

  it('marks a body that does not open as failed (moved between rows)', async () => {
    const a = await put();
    const b = await put({ code: '111111' });
    await f.db.query(`UPDATE outbox SET sealed = (SELECT sealed FROM outbox WHERE id = $1) WHERE id = $2`, [
      a,
      b,
    ]);
    expect(await worker().drain()).toBe(1);
    expect(await outboxRow(f.db, b)).toMatchObject({ status: 'failed', sealed: '' });
    expect(f.dev.list().map((m) => m.code)).toEqual([code]);
    expect((await auditFor(b)).rows).toMatchObject([{ detail: 'delivery_failed', method: 'sms' }]);
    expect(await auditFor(a)).toEqual({ rows: [], text: '' });
  });
});

describe('claims', () => {
  it('never sends one message twice under concurrent drains', async () => {
    const ids = await f.db.tx(async (q) => {
      const out: string[] = [];
      for (let i = 0; i < 50; i++)
        out.push(await enqueue(q, f.keys, f.clock, message({ to: `+1425555${String(1000 + i)}` })));
      return out;
    });
    const sent: string[] = [];
    const counting: DeliveryProvider = {
      name: 'counting',
      send: async (m) => {
        // Yield so the other drains interleave with this one.
        await new Promise((r) => setTimeout(r, 1));
        sent.push(m.id);
      },
    };
    const providers = { email: counting, sms: counting, voice: counting };
    const one = worker({ providers });
    const counts = await Promise.all([one.drain(), worker({ providers }).drain(), one.drain()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50);
    expect(sent).toHaveLength(50);
    expect(new Set(sent)).toEqual(new Set(ids));
    const rows = await f.db.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM outbox',
    );
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('returns a message stuck in sending for over 2 minutes to pending, then sends it', async () => {
    const id = await put();
    // A worker claimed it and died before sending.
    await f.db.query(`UPDATE outbox SET status = 'sending', attempts = 1, available_at = $2 WHERE id = $1`, [
      id,
      new Date(f.clock.now() + 2 * 60_000),
    ]);
    const w = worker();
    f.clock.advance(2 * 60_000);
    expect(await w.drain()).toBe(0);
    expect((await outboxRow(f.db, id)).status).toBe('sending');
    f.clock.advance(1);
    expect(await w.drain()).toBe(1);
    expect(await outboxRow(f.db, id)).toMatchObject({ status: 'sent', attempts: 2, sealed: '' });
  });

  it('purges finished rows after the retention period', async () => {
    const id = await put();
    await worker().drain();
    f.clock.advance(8 * 24 * 3_600_000);
    await worker().drain();
    expect(await f.db.query('SELECT id FROM outbox WHERE id = $1', [id])).toEqual([]);
  });
});

describe.skipIf(!withPostgres)('claims on PostgreSQL', () => {
  it('two instances draining one outbox at once send each message exactly once', async () => {
    const pgdb = await freshPostgres();
    try {
      const a = await pgdb.open();
      const b = await pgdb.open();
      const ids = await a.tx(async (q) => {
        const out: string[] = [];
        for (let i = 0; i < 50; i++)
          out.push(await enqueue(q, f.keys, f.clock, message({ to: `+1425555${String(2000 + i)}` })));
        return out;
      });
      const sent: string[] = [];
      const counting: DeliveryProvider = {
        name: 'counting',
        send: async (m) => {
          await new Promise((r) => setTimeout(r, 2));
          sent.push(m.id);
        },
      };
      const providers = { email: counting, sms: counting, voice: counting };
      const drains = await Promise.all(
        [a, b, a, b].map((db) => worker({ db, providers, batchSize: 5 }).drain()),
      );
      expect(drains.reduce((x, y) => x + y, 0)).toBe(50);
      expect(drains.filter((n) => n > 0).length).toBeGreaterThan(1);
      expect(sent).toHaveLength(50);
      expect(new Set(sent)).toEqual(new Set(ids));
      const rows = await a.query<{ status: string; attempts: number; sealed: string }>(
        'SELECT status, attempts, sealed FROM outbox',
      );
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sealed === '')).toBe(true);
    } finally {
      await pgdb.drop();
    }
  });
});

describe('logs', () => {
  it('name the message by id, kind, channel and masked destination, never code, text or address', async () => {
    const smsId = await put();
    await put({
      channel: 'email',
      to: 'carol.private@personal.example',
      code: '77553311',
      kind: 'verify_code',
    });
    await worker().drain();
    const lines = f.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.id === smsId)).toMatchObject({
      msg: 'message sent',
      kind: 'reset_code',
      channel: 'sms',
      to: '+1 ••••••••77',
    });
    expect(lines.find((l) => l.channel === 'email')).toMatchObject({ to: 'c****@p*******.example' });
    const all = f.logLines.join('\n');
    for (const secret of [
      code,
      '77553311',
      phone.slice(1),
      'carol.private',
      'personal.example"',
      'expires in',
    ])
      expect(all).not.toContain(secret);
  });
});

describe('timer loop', () => {
  it('sends after kick() and stops cleanly', async () => {
    const w = worker({ intervalMs: 60_000 });
    w.kick(); // before start: nothing happens, nothing throws
    w.start();
    w.start();
    await put();
    w.kick();
    await vi.waitFor(() => expect(f.dev.list()).toHaveLength(1), { timeout: 5_000 });
    await w.stop();
    await put({ code: '999111' });
    w.kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(f.dev.list()).toHaveLength(1);
  });

  it('survives a database that fails', async () => {
    const broken: Db = {
      kind: 'pglite',
      query: () => Promise.reject(new Error('connection to 10.1.2.3 refused')),
      tx: () => Promise.reject(new Error('down')),
      exclusive: () => Promise.reject(new Error('down')),
      close: async () => {},
    };
    const w = worker({ db: broken, intervalMs: 5 });
    w.start();
    await vi.waitFor(() =>
      expect(f.logLines.filter((l) => l.includes('delivery pass failed')).length).toBeGreaterThan(2),
    );
    await w.stop();
    expect(f.logLines.join('')).not.toContain('10.1.2.3');
    await expect(w.drain()).rejects.toThrow('refused');
  });
});
