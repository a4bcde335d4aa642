// The signed SMS webhook provider against a loopback receiver that verifies signatures: payload, refusals, errors.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../server/clock.ts';
import { PermanentDeliveryError, type RenderedMessage } from '../../../../server/delivery/provider.ts';
import { HttpDeliveryError } from '../../../../server/delivery/providers/http-post.ts';
import { createSmsWebhookProvider } from '../../../../server/delivery/providers/sms-webhook.ts';
import { verifyWebhookSignature } from '../../../../server/webhooks/signing.ts';
import { startReceiver, type TestReceiver } from '../../webhooks/receiver.ts';

const secret = 'whsec-0123456789abcdef0123456789';
const silent = pino({ level: 'silent' });

let gateway: TestReceiver;
let clock: FakeClock;
beforeEach(async () => {
  gateway = await startReceiver({ status: 202 });
  clock = new FakeClock(Date.UTC(2026, 2, 1, 12));
});
afterEach(async () => gateway.close());

const provider = (allowedCountries?: string[]) =>
  createSmsWebhookProvider(
    { url: `${gateway.url}/regain/sms`, secret, timeoutMs: 5_000 },
    { log: silent, clock, allowedCountries },
  );

const message = (m: Partial<RenderedMessage> = {}): RenderedMessage => ({
  id: '0b5c9f7e-0000-4000-8000-000000000002',
  channel: 'sms',
  to: '+4915123456789',
  text: '482913 ist Ihr Code.',
  code: '482913',
  createdAt: clock.now(),
  kind: 'reset_code',
  locale: 'de',
  ...m,
});

/** What a receiver does: the raw body, the two headers, its own clock. */
function verified(i: number, now = clock.now(), key = secret): boolean {
  const r = gateway.requests[i]!;
  return verifyWebhookSignature(
    key,
    r.headers['regain-timestamp'] as string | undefined,
    r.body,
    r.headers['regain-signature'] as string | undefined,
    now,
  );
}

describe('sms webhook provider', () => {
  it('POSTs {id, channel, to, text, code, locale} as JSON, signed so the receiver can verify it', async () => {
    await provider().send(message());
    await provider().send(message({ channel: 'voice', code: undefined, text: 'Hallo.', kind: undefined }));
    expect(gateway.requests).toHaveLength(2);
    const [sms, voice] = gateway.requests;
    expect(sms!.method).toBe('POST');
    expect(sms!.url).toBe('/regain/sms');
    expect(sms!.headers['content-type']).toBe('application/json');
    expect(sms!.headers['regain-timestamp']).toBe(String(clock.now() / 1000));
    expect(sms!.headers['regain-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(sms!.body)).toEqual({
      id: '0b5c9f7e-0000-4000-8000-000000000002',
      channel: 'sms',
      to: '+4915123456789',
      text: '482913 ist Ihr Code.',
      code: '482913',
      locale: 'de',
    });
    expect(JSON.parse(voice!.body)).toEqual({
      id: '0b5c9f7e-0000-4000-8000-000000000002',
      channel: 'voice',
      to: '+4915123456789',
      text: 'Hallo.',
      locale: 'de',
    });
    expect(verified(0)).toBe(true);
    expect(verified(1)).toBe(true);
  });

  it('is refused by the receiver with another secret, a changed body, or after 5 minutes', async () => {
    await provider().send(message());
    expect(verified(0, clock.now() + 299_000)).toBe(true);
    expect(verified(0, clock.now() + 301_000)).toBe(false);
    expect(verified(0, clock.now(), 'another-secret-0123456789')).toBe(false);
    const r = gateway.requests[0]!;
    const tampered = r.body.replace('+4915123456789', '+4915123456780');
    expect(
      verifyWebhookSignature(
        secret,
        r.headers['regain-timestamp'] as string,
        tampered,
        r.headers['regain-signature'] as string,
        clock.now(),
      ),
    ).toBe(false);
  });

  it.each([
    ['a premium-rate number', '+19005551234', undefined],
    ['a toll-free number', '+18002345678', undefined],
    ['a number outside the allowlist', '+4915123456789', ['FR']],
    ['an invalid number', '+49123', undefined],
  ])('never calls the gateway for %s', async (_, to, allowed) => {
    const err = await provider(allowed)
      .send(message({ to }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(gateway.requests).toHaveLength(0);
  });

  it('treats a 4xx as permanent and a 5xx or an unreachable gateway as worth a retry', async () => {
    gateway.script.push({ status: 422, body: 'bad number +4915123456789' }, { status: 502 });
    const p = provider();
    const e4 = await p.send(message()).catch((e: unknown) => e);
    expect(e4).toBeInstanceOf(PermanentDeliveryError);
    // The gateway's answer is logged, but never with the number in it.
    expect((e4 as Error).message).toBe('sms webhook answered 422: bad number +#');
    const e5 = await p.send(message()).catch((e: unknown) => e);
    expect(e5).toBeInstanceOf(HttpDeliveryError);
    expect(e5).not.toBeInstanceOf(PermanentDeliveryError);
    await gateway.close();
    const down = await p.send(message()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(HttpDeliveryError);
    expect((down as HttpDeliveryError).status).toBeUndefined();
    gateway = await startReceiver();
  });

  it('refuses plain http to a remote host, and a short secret', () => {
    expect(() =>
      createSmsWebhookProvider({ url: 'http://sms.example.org/in', secret }, { log: silent, clock }),
    ).toThrow(/https/);
    expect(() =>
      createSmsWebhookProvider(
        { url: 'https://sms.example.org/in', secret: 'short' },
        { log: silent, clock },
      ),
    ).toThrow(/16/);
    expect(() =>
      createSmsWebhookProvider({ url: 'https://user:pw@sms.example.org/in', secret }, { log: silent, clock }),
    ).toThrow(/user name or password/);
  });
});
