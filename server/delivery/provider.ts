// The interface every delivery provider (dev, SMTP, SMS/voice over HTTP) implements for the worker.
import type { Channel, MessageKind } from './types.ts';

/** A message ready to hand to a provider: rendered, opened, and never written anywhere by the worker. */
export interface RenderedMessage {
  /** The outbox row id; providers may pass it on as an idempotency key. */
  id: string;
  channel: Channel;
  /** An email address, or an E.164 number for sms and voice. */
  to: string;
  /** Email only. */
  subject?: string;
  text: string;
  /** The one-time code the text carries, for providers that need it apart (the dev outbox). */
  code?: string;
  /** When the message was queued, epoch ms. */
  createdAt: number;
  /** The message kind, for providers that tag or route by it. */
  kind?: MessageKind;
  /** The negotiated locale (`en`, `fr`, `de`), e.g. for a voice provider's text-to-speech language. */
  locale?: string;
  /**
   * The organization the text was rendered for (its `org` var), for providers that brand the envelope
   * too (the email From name and HTML header). Providers fall back to their own brand when it is absent.
   */
  org?: string;
}

export interface DeliveryProvider {
  readonly name: string;
  /** Resolves once the provider accepted the message; rejects to have the worker retry with backoff. */
  send(m: RenderedMessage): Promise<void>;
}

/**
 * Thrown by a provider when retrying cannot help (an invalid or unreachable-for-good destination):
 * the worker marks the row `failed` at once instead of retrying until it expires.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
