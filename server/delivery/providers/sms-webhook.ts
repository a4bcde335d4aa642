// SMS and voice handed to the organization's own gateway: a signed JSON POST per message to one configured URL.

import type { Logger } from 'pino';
import { z } from 'zod';
import type { PhoneChannel } from '../../../api/methods.ts';
import type { Clock } from '../../clock.ts';
import { endpointUrl } from '../../webhooks/endpoint-url.ts';
import { signatureHeaders } from '../../webhooks/signing.ts';
import { type DeliveryProvider, PermanentDeliveryError, type RenderedMessage } from '../provider.ts';
import { postForDelivery } from './http-post.ts';
import { checkPhoneDestination } from './phone-destination.ts';

export const smsWebhookConfigSchema = z.strictObject({
  url: endpointUrl,
  /** The HMAC-SHA256 key shared with the receiver; at least 32 characters of randomness is advised. */
  secret: z.string().min(16, 'must be at least 16 characters').max(1024),
  /** Per request; keep it below the worker's send timeout (30 s). */
  timeoutMs: z.coerce.number().int().min(1_000).max(25_000).default(10_000),
});
export type SmsWebhookConfig = z.output<typeof smsWebhookConfigSchema>;
export type SmsWebhookConfigInput = z.input<typeof smsWebhookConfigSchema>;

/** The JSON body the receiver gets; `id` stays the same across retries of one message. */
export interface SmsWebhookPayload {
  id: string;
  channel: PhoneChannel;
  /** E.164 */
  to: string;
  /** The localized text to send or speak. */
  text: string;
  /** The one-time code apart, for gateways that build their own text or speech. */
  code?: string;
  locale: string;
}

export interface SmsWebhookProviderOptions {
  log: Logger;
  /** Signatures carry this clock's time; receivers compare it with theirs (5 minutes of tolerance). */
  clock: Clock;
  allowedCountries?: readonly string[] | undefined;
}

/**
 * Creates the provider for both sms and voice. The receiver verifies `Regain-Signature` with
 * verifyWebhookSignature; a 2xx means it took the message, a 4xx refuses it for good, anything else is retried.
 */
export function createSmsWebhookProvider(
  input: SmsWebhookConfigInput,
  opts: SmsWebhookProviderOptions,
): DeliveryProvider {
  const config = smsWebhookConfigSchema.parse(input);
  const log = opts.log.child({ module: 'sms-webhook' });
  return {
    name: 'sms-webhook',
    async send(m: RenderedMessage): Promise<void> {
      if (m.channel !== 'sms' && m.channel !== 'voice')
        throw new PermanentDeliveryError(`the sms webhook cannot send ${m.channel} messages`);
      const to = checkPhoneDestination(m.to, opts.allowedCountries);
      const payload: SmsWebhookPayload = {
        id: m.id,
        channel: m.channel,
        to,
        text: m.text,
        ...(m.code === undefined ? {} : { code: m.code }),
        locale: m.locale ?? 'en',
      };
      const body = JSON.stringify(payload);
      await postForDelivery({
        url: config.url,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Regain-Delivery',
          ...signatureHeaders(config.secret, body, opts.clock.now()),
        },
        body,
        timeoutMs: config.timeoutMs,
        what: 'sms webhook',
      });
      log.debug({ id: m.id, kind: m.kind, channel: m.channel }, 'sms webhook accepted message');
    },
  };
}
