// Outgoing webhook settings: where events go, the secret each receiver shares, which events it wants.
import { z } from 'zod';
import { endpointUrl } from './endpoint-url.ts';

export const webhookEvents = ['password.changed'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export const webhookEndpointSchema = z.strictObject({
  url: endpointUrl,
  /** The HMAC-SHA256 key shared with this receiver; at least 32 characters of randomness is advised. */
  secret: z.string().min(16, 'must be at least 16 characters').max(1024),
  events: z.array(z.enum(webhookEvents)).min(1).default(['password.changed']),
});
export type WebhookEndpoint = z.output<typeof webhookEndpointSchema>;

export const webhooksConfigSchema = z
  .array(webhookEndpointSchema)
  .max(20)
  // Queued deliveries name their endpoint by URL and find its secret at sending time.
  .refine((list) => new Set(list.map((w) => w.url)).size === list.length, 'each webhook URL may appear once')
  .default([]);
