// SMS, voice and webhook settings: environment variables, defaults, and what resolveConfig refuses.
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigInput, configFromEnv, resolveConfig } from '../../../../server/config.ts';
import { smsDelivery } from '../../../../server/runtime.ts';

const twilioEnv = {
  REGAIN_SMS: 'twilio',
  REGAIN_TWILIO_ACCOUNT_SID: 'AC0123',
  REGAIN_TWILIO_AUTH_TOKEN: 'tok',
  REGAIN_TWILIO_FROM: '+14155550100',
};

describe('sms and webhook configuration', () => {
  it('defaults to dev with --dev and off without, like email', () => {
    expect(smsDelivery(resolveConfig([{ dev: true }]))).toBe('dev');
    expect(smsDelivery(resolveConfig([{}]))).toBe('off');
    expect(resolveConfig([{}]).webhooks).toEqual([]);
    expect(resolveConfig([{}]).delivery.phone).toEqual({});
  });

  it('reads REGAIN_SMS, REGAIN_TWILIO_*, the allowlist and REGAIN_WEBHOOKS from the environment', () => {
    const c = resolveConfig([
      configFromEnv({
        ...twilioEnv,
        REGAIN_PHONE_ALLOWED_COUNTRIES: 'us, fr',
        REGAIN_WEBHOOKS: JSON.stringify([{ url: 'https://idp.example.org/hook', secret: 'x'.repeat(32) }]),
      }),
    ]);
    expect(c.delivery.sms).toBe('twilio');
    expect(c.delivery.twilio).toEqual({
      baseUrl: 'https://api.twilio.com',
      accountSid: 'AC0123',
      authToken: 'tok',
      from: '+14155550100',
      timeoutMs: 10_000,
    });
    expect(c.delivery.phone.allowedCountries).toEqual(['US', 'FR']);
    expect(c.webhooks).toEqual([
      { url: 'https://idp.example.org/hook', secret: 'x'.repeat(32), events: ['password.changed'] },
    ]);
    const w = resolveConfig([
      configFromEnv({
        REGAIN_SMS: 'webhook',
        REGAIN_SMS_WEBHOOK_URL: 'https://sms.example.org/in',
        REGAIN_SMS_WEBHOOK_SECRET: 's'.repeat(20),
      }),
    ]);
    expect(w.delivery.smsWebhook).toEqual({
      url: 'https://sms.example.org/in',
      secret: 's'.repeat(20),
      timeoutMs: 10_000,
    });
  });

  it('merges delivery from the file and the environment section by section', () => {
    const file = {
      delivery: {
        email: 'smtp' as const,
        smtp: { host: 'smtp.example.org', from: 'noreply@example.org' },
        twilio: { accountSid: 'AC0123', from: '+14155550100', authToken: 'from-file' },
      },
    };
    const c = resolveConfig([file, configFromEnv({ REGAIN_SMS: 'twilio', REGAIN_TWILIO_AUTH_TOKEN: 'env' })]);
    expect(c.delivery.email).toBe('smtp');
    expect(c.delivery.smtp?.host).toBe('smtp.example.org');
    expect(c.delivery.sms).toBe('twilio');
    expect(c.delivery.twilio).toMatchObject({ accountSid: 'AC0123', authToken: 'env' });
  });

  it.each<[unknown, RegExp]>([
    [{ delivery: { sms: 'dev' as const } }, /needs --dev/],
    [{ delivery: { sms: 'twilio' as const } }, /needs the delivery\.twilio settings/],
    [{ delivery: { sms: 'webhook' as const } }, /needs the delivery\.smsWebhook settings/],
    [{ delivery: { phone: { allowedCountries: ['XX'] } } }, /delivery\.phone\.allowedCountries\.0/],
    [
      { webhooks: [{ url: 'http://idp.example.org/hook', secret: 'x'.repeat(32) }] },
      /webhooks\.0\.url.*https/,
    ],
    [{ webhooks: [{ url: 'https://idp.example.org/hook', secret: 'short' }] }, /webhooks\.0\.secret/],
    [
      {
        webhooks: [
          { url: 'https://idp.example.org/hook', secret: 'x'.repeat(32) },
          { url: 'https://idp.example.org/hook', secret: 'y'.repeat(32) },
        ],
      },
      /once/,
    ],
    [
      {
        webhooks: [{ url: 'https://idp.example.org/hook', secret: 'x'.repeat(32), events: ['user.created'] }],
      },
      /webhooks\.0\.events/,
    ],
  ])('refuses %j', (layer, message) => {
    expect(() => resolveConfig([layer as ConfigInput])).toThrow(ConfigError);
    expect(() => resolveConfig([layer as ConfigInput])).toThrow(message);
  });

  it('refuses REGAIN_WEBHOOKS that is not JSON', () => {
    expect(() => configFromEnv({ REGAIN_WEBHOOKS: '[{' })).toThrow(/REGAIN_WEBHOOKS is not valid JSON/);
  });
});
