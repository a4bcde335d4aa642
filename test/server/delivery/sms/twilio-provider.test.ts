// The Twilio-compatible provider against a fake Twilio API on loopback: form fields, Basic auth, TwiML, refusals, errors.
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, type OutgoingMessage } from '../../../../server/delivery/outbox.ts';
import type { DeliveryProvider } from '../../../../server/delivery/provider.ts';
import { PermanentDeliveryError, type RenderedMessage } from '../../../../server/delivery/provider.ts';
import { HttpDeliveryError } from '../../../../server/delivery/providers/http-post.ts';
import { createTwilioProvider, voiceTwiml } from '../../../../server/delivery/providers/twilio.ts';
import { backoffMs, createDeliveryWorker } from '../../../../server/delivery/worker.ts';
import type { Db } from '../../../../server/store/db.ts';
import { startReceiver, type TestReceiver } from '../../webhooks/receiver.ts';
import { type DeliveryFixture, deliveryFixture, openMigrated, outboxRow } from '../fixtures.ts';

const sid = 'AC0123456789abcdef0123456789abcdef';
const token = 'twilio-auth-token-0123';
const from = '+14155550100';
const to = '+14255550123';
const code = '482913';
const silent = pino({ level: 'silent' });

let twilio: TestReceiver;
beforeEach(async () => {
  twilio = await startReceiver({ status: 201, body: '{"sid":"SM1"}' });
});
afterEach(async () => twilio.close());

function provider(opts: { allowedCountries?: string[]; timeoutMs?: number } = {}): DeliveryProvider {
  return createTwilioProvider(
    { baseUrl: twilio.url, accountSid: sid, authToken: token, from, timeoutMs: opts.timeoutMs ?? 5_000 },
    { log: silent, allowedCountries: opts.allowedCountries },
  );
}

const message = (m: Partial<RenderedMessage> = {}): RenderedMessage => ({
  id: '3f1c2a4e-0000-4000-8000-000000000001',
  channel: 'sms',
  to,
  text: `${code} is your Contoso password reset code.`,
  code,
  createdAt: Date.now(),
  kind: 'reset_code',
  locale: 'en',
  ...m,
});

const form = (i = 0) => new URLSearchParams(twilio.requests[i]!.body);

describe('twilio provider', () => {
  it('sends an SMS to Messages.json with Basic auth and the To, From and Body fields', async () => {
    await provider().send(message());
    expect(twilio.requests).toHaveLength(1);
    const r = twilio.requests[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe(`/2010-04-01/Accounts/${sid}/Messages.json`);
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`);
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form())).toEqual({
      To: to,
      From: from,
      Body: `${code} is your Contoso password reset code.`,
    });
  });

  it('places a call through Calls.json with TwiML reading the code twice, slowly, in the language', async () => {
    await provider().send(
      message({
        channel: 'voice',
        locale: 'fr',
        text: 'Bonjour. Votre code est : 4, 8, 2, 9, 1, 3. Je répète, votre code est : 4, 8, 2, 9, 1, 3. Au revoir.',
      }),
    );
    const r = twilio.requests[0]!;
    expect(r.url).toBe(`/2010-04-01/Accounts/${sid}/Calls.json`);
    const f = form();
    expect(f.get('To')).toBe(to);
    expect(f.get('From')).toBe(from);
    expect(f.get('Body')).toBeNull();
    const twiml = f.get('Twiml') ?? '';
    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>.*<\/Response>$/);
    expect(twiml).toContain('<Say language="fr-FR">Bonjour. Votre code est :</Say>');
    const slow = '<Pause length="1"/><Say language="fr-FR">4. 8. 2. 9. 1. 3.</Say><Pause length="1"/>';
    expect(twiml.split(slow)).toHaveLength(3);
    expect(twiml).not.toMatch(/language="(?!fr-FR)/);
  });

  it('reads the code twice even when the text speaks it once or not at all, and escapes XML', () => {
    const once = voiceTwiml({ text: 'Code: 1, 2, 3, 4, 5, 6 <&>', code: '123456', locale: 'de' });
    expect(once.split('<Say language="de-DE">1. 2. 3. 4. 5. 6.</Say>')).toHaveLength(3);
    expect(once).toContain('&lt;&amp;&gt;');
    const none = voiceTwiml({ text: 'Hello.', code: '123456', locale: 'en-GB' });
    expect(none.split('<Say language="en-US">1. 2. 3. 4. 5. 6.</Say>')).toHaveLength(3);
    const notice = voiceTwiml({ text: 'Your password was changed.', locale: 'en' });
    expect(notice).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="1"/><Say language="en-US">Your password was changed.</Say></Response>',
    );
  });

  it.each([
    ['a premium-rate number', '+19005551234', undefined, /premium-rate/],
    ['a toll-free number', '+18002345678', undefined, /toll-free/],
    ['a country outside the allowlist', '+33612345678', ['US', 'CA'], /country FR is not allowed/],
    ['an invalid number', '+1234', undefined, /not a valid E\.164/],
    ['a number not written as E.164', '+1 425 555 0123', undefined, /not a valid E\.164/],
    ['a national number', '4255550123', undefined, /not a valid E\.164/],
  ])('refuses %s before any request', async (_, number, allowedCountries, reason) => {
    for (const channel of ['sms', 'voice'] as const) {
      const p = provider(allowedCountries ? { allowedCountries } : {});
      const err = await p.send(message({ channel, to: number })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect((err as Error).message).toMatch(reason);
      expect((err as Error).message).not.toContain(number.slice(3));
    }
    expect(twilio.requests).toHaveLength(0);
  });

  it('sends to an allowed country', async () => {
    await provider({ allowedCountries: ['US', 'FR'] }).send(message({ to: '+33612345678' }));
    expect(form().get('To')).toBe('+33612345678');
  });

  it('treats a 4xx as permanent and a 5xx, 429 or timeout as worth a retry', async () => {
    twilio.script.push(
      { status: 400, body: '{"code":21211,"message":"The \'To\' number +14255550123 is not valid."}' },
      { status: 401, body: '{"code":20003}' },
      { status: 500, body: 'oops' },
      { status: 503 },
      { status: 429, body: '{"code":20429}' },
      { status: 201, delayMs: 1_500 },
    );
    const p = provider({ timeoutMs: 1_000 });
    const errors: unknown[] = [];
    for (let i = 0; i < 6; i++) errors.push(await p.send(message()).catch((e: unknown) => e));
    expect(errors.slice(0, 2).every((e) => e instanceof PermanentDeliveryError)).toBe(true);
    expect((errors[0] as Error).message).toBe('twilio answered 400: error 21211');
    for (const e of errors.slice(2)) {
      expect(e).toBeInstanceOf(HttpDeliveryError);
      expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    }
    expect((errors[2] as HttpDeliveryError).status).toBe(500);
    expect((errors[5] as Error).message).toMatch(/timed out after 1 s/);
  });

  it('refuses an http base URL that is not loopback, and a malformed sender', () => {
    const base = { accountSid: sid, authToken: token, from };
    expect(() =>
      createTwilioProvider({ ...base, baseUrl: 'http://api.twilio.com' }, { log: silent }),
    ).toThrow(/https/);
    expect(() => createTwilioProvider({ ...base, from: '4155550100' }, { log: silent })).toThrow(/E\.164/);
    expect(() => createTwilioProvider({ ...base, accountSid: '../x' }, { log: silent })).toThrow(/SID/);
  });
});

describe('twilio through the outbox worker', () => {
  let db: Db;
  let f: DeliveryFixture;
  beforeAll(async () => {
    db = await openMigrated();
  });
  afterAll(async () => db.close());
  beforeEach(async () => {
    f = await deliveryFixture(db);
  });

  const worker = () => {
    const p = provider();
    return createDeliveryWorker({
      db: f.db,
      keys: f.keys,
      clock: f.clock,
      providers: { email: f.dev, sms: p, voice: p },
      log: f.log,
    });
  };
  const put = (m: Partial<OutgoingMessage> = {}) =>
    f.db.tx((q) =>
      enqueue(q, f.keys, f.clock, {
        kind: 'reset_code',
        channel: 'voice',
        to,
        locale: 'de-AT,de;q=0.9',
        vars: { org: 'Contoso' },
        code,
        expiresAt: f.clock.now() + 10 * 60_000,
        ...m,
      }),
    );

  it('calls with the German template, the code spoken twice', async () => {
    const id = await put();
    expect(await worker().drain()).toBe(1);
    const twiml = form().get('Twiml') ?? '';
    expect(twiml).toContain('<Say language="de-DE">');
    expect(twiml.split('<Say language="de-DE">4. 8. 2. 9. 1. 3.</Say>')).toHaveLength(3);
    expect((await outboxRow(f.db, id)).status).toBe('sent');
  });

  it('retries after a 500 with backoff, fails at once on a 400, and never calls for a refused number', async () => {
    twilio.script.push({ status: 500 }, { status: 201 }, { status: 400, body: '{"code":21614}' });
    const w = worker();
    const a = await put({ channel: 'sms' });
    expect(await w.drain()).toBe(0);
    const retry = await outboxRow(f.db, a);
    expect(retry.status).toBe('pending');
    expect(retry.last_error).toMatch(/answered 500/);
    f.clock.advance(backoffMs(1));
    expect(await w.drain()).toBe(1);
    expect((await outboxRow(f.db, a)).status).toBe('sent');
    expect(twilio.requests).toHaveLength(2);

    const b = await put({ channel: 'sms' });
    expect(await w.drain()).toBe(0);
    const failed = await outboxRow(f.db, b);
    expect(failed.status).toBe('failed');
    expect(failed.sealed).toBe('');
    expect(twilio.requests).toHaveLength(3);

    const c = await put({ channel: 'sms', to: '+19005551234' });
    expect(await w.drain()).toBe(0);
    expect((await outboxRow(f.db, c)).status).toBe('failed');
    expect(twilio.requests).toHaveLength(3);
  });
});
