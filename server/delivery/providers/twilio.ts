// SMS and voice through a Twilio-compatible REST API: Messages.json for texts, Calls.json with inline TwiML for calls.
import type { Logger } from 'pino';
import { z } from 'zod';
import { endpointUrl } from '../../webhooks/endpoint-url.ts';
import { type DeliveryProvider, PermanentDeliveryError, type RenderedMessage } from '../provider.ts';
import { pickLocale, spokenDigits } from '../templates.ts';
import { postForDelivery } from './http-post.ts';
import { checkPhoneDestination } from './phone-destination.ts';

export const twilioConfigSchema = z.strictObject({
  /** The API's origin; another Twilio-compatible service (or a test server on loopback) can stand in. */
  baseUrl: endpointUrl.default('https://api.twilio.com'),
  /** The account (`AC…` at Twilio); it is a path segment, so only URL-safe characters. */
  accountSid: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an account SID'),
  authToken: z.string().min(1).max(256),
  /** The sending number (E.164); calls come from it too. */
  from: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +14155550100'),
  /** A TTS voice name (`alice`, `Polly.Léa`…); the provider's default for the language when absent. */
  voice: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}._-]{1,64}$/u, 'must be a voice name')
    .optional(),
  /** Per request; keep it below the worker's send timeout (30 s). */
  timeoutMs: z.coerce.number().int().min(1_000).max(25_000).default(10_000),
});
export type TwilioConfig = z.output<typeof twilioConfigSchema>;
export type TwilioConfigInput = z.input<typeof twilioConfigSchema>;

export interface TwilioProviderOptions {
  log: Logger;
  /** Countries whose numbers may be reached (ISO codes); all when absent. */
  allowedCountries?: readonly string[] | undefined;
}

/** Twilio's `<Say language>` for each locale the templates speak. */
const sayLanguage: Record<string, string> = { en: 'en-US', fr: 'fr-FR', de: 'de-DE' };

/**
 * Creates the provider for both the sms and the voice channel. Destinations are screened before any
 * request (checkPhoneDestination); nothing it logs carries a number, a text or a code.
 */
export function createTwilioProvider(
  input: TwilioConfigInput,
  opts: TwilioProviderOptions,
): DeliveryProvider {
  const config = twilioConfigSchema.parse(input);
  const log = opts.log.child({ module: 'twilio' });
  const account = `${config.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  return {
    name: 'twilio',
    async send(m: RenderedMessage): Promise<void> {
      if (m.channel !== 'sms' && m.channel !== 'voice')
        throw new PermanentDeliveryError(`twilio cannot send ${m.channel} messages`);
      const to = checkPhoneDestination(m.to, opts.allowedCountries);
      const form = new URLSearchParams({ To: to, From: config.from });
      if (m.channel === 'sms') form.set('Body', m.text);
      else form.set('Twiml', voiceTwiml(m, config.voice));
      await postForDelivery({
        url: `${account}/${m.channel === 'sms' ? 'Messages' : 'Calls'}.json`,
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        timeoutMs: config.timeoutMs,
        what: 'twilio',
        describe: twilioErrorCode,
      });
      log.debug({ id: m.id, kind: m.kind, channel: m.channel }, 'twilio accepted message');
    },
  };
}

/**
 * The TwiML of a call: the localized text in the user's language, with the code read slowly (digits as
 * separate sentences, a pause before and after) and at least twice, and a pause first so the greeting is
 * not lost while the phone is raised.
 */
export function voiceTwiml(m: Pick<RenderedMessage, 'text' | 'code' | 'locale'>, voice?: string): string {
  const language = sayLanguage[pickLocale(m.locale)] ?? 'en-US';
  const attrs = `language="${language}"${voice ? ` voice="${xml(voice)}"` : ''}`;
  const say = (text: string) => `<Say ${attrs}>${xml(text)}</Say>`;
  const pause = '<Pause length="1"/>';
  const parts: string[] = [pause];
  if (m.code && /^\d{4,12}$/.test(m.code)) {
    const slow = `${Array.from(m.code).join('. ')}.`;
    const reading = `${pause}${say(slow)}${pause}`;
    // The templates speak the code as "1, 2, 3"; each place they do becomes the slow reading.
    const pieces = m.text.split(spokenDigits(m.code));
    pieces.forEach((piece, i) => {
      if (i > 0) parts.push(reading);
      if (piece.trim()) parts.push(say(piece.trim()));
    });
    for (let readings = pieces.length - 1; readings < 2; readings++) parts.push(reading);
  } else parts.push(say(m.text));
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${parts.join('')}</Response>`;
}

/** Twilio's error answers carry a numeric `code` (21211: invalid To, 21610: unsubscribed…), worth logging. */
function twilioErrorCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = typeof parsed === 'object' && parsed !== null && 'code' in parsed ? parsed.code : undefined;
    // Only a short number: anything longer could be part of a phone number, and is not shown.
    if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code < 1_000_000)
      return `error ${code}`;
  } catch {
    // Not JSON (a proxy's HTML page): the status alone says enough.
  }
  return undefined;
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
