// Webhook signatures: the documented scheme (HMAC-SHA256 over "timestamp.body"), the 5-minute window, malformed input.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointUrlProblem } from '../../../server/webhooks/endpoint-url.ts';
import { signatureHeaders, signWebhook, verifyWebhookSignature } from '../../../server/webhooks/signing.ts';

const secret = 'whsec-0123456789abcdef';
const now = Date.UTC(2026, 0, 1, 9, 30);
const ts = now / 1000;

describe('webhook signing', () => {
  it('matches an independent HMAC-SHA256 of "timestamp.body" for any input', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.string(), (key, t, body) => {
        const reference = createHmac('sha256', key).update(`${t}.${body}`, 'utf8').digest('hex');
        expect(signWebhook(key, t, body)).toBe(`v1=${reference}`);
      }),
    );
  });

  it('signs with the time in seconds and verifies within 5 minutes either way', () => {
    const body = '{"id":"e1","event":"password.changed","user":"alice"}';
    const h = signatureHeaders(secret, body, now + 999);
    expect(h['Regain-Timestamp']).toBe(String(ts));
    const sig = h['Regain-Signature'];
    expect(verifyWebhookSignature(secret, h['Regain-Timestamp'], body, sig, now)).toBe(true);
    expect(verifyWebhookSignature(secret, ts, Buffer.from(body), sig, now + 300_000)).toBe(true);
    expect(verifyWebhookSignature(secret, ts, body, sig, now + 300_001)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, sig, now - 300_001)).toBe(false);
  });

  it('accepts any one of several signatures and refuses everything malformed', () => {
    const body = '{}';
    const good = signWebhook(secret, ts, body);
    expect(verifyWebhookSignature(secret, ts, body, `v1=${'0'.repeat(64)}, ${good}`, now)).toBe(true);
    expect(verifyWebhookSignature(secret, ts, body, good.toUpperCase(), now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, good.slice(3), now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, `${body} `, good, now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts + 1, body, good, now)).toBe(false);
    expect(verifyWebhookSignature(secret, `${ts}.5`, body, good, now)).toBe(false);
    expect(verifyWebhookSignature(secret, ' 1', body, good, now)).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, body, good, now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, undefined, now)).toBe(false);
    expect(verifyWebhookSignature('', ts, body, signWebhook('', ts, body), now)).toBe(false);
  });
});

describe('endpoint URLs', () => {
  it.each([
    ['https://idp.example.org/hooks/regain', undefined],
    ['http://127.0.0.1:9000/x', undefined],
    ['http://localhost/x', undefined],
    ['http://[::1]:8080/x', undefined],
    ['http://idp.example.org/x', 'must be https (plain http only to a loopback host)'],
    ['http://127.0.0.1.example.org/x', 'must be https (plain http only to a loopback host)'],
    ['ftp://idp.example.org/x', 'must be https (plain http only to a loopback host)'],
    ['https://u:p@idp.example.org/x', 'must not carry a user name or password'],
    ['https://idp.example.org/x#frag', 'must not have a #fragment'],
    ['/relative', 'must be an absolute URL'],
  ])('%s', (url, problem) => {
    expect(endpointUrlProblem(url)).toBe(problem);
  });
});
