// Renders a message kind for a channel in the negotiated locale, from a whitelist of vetted vars only.

import { displayText } from './html/escape.ts';
import type {
  Catalog,
  ChannelTexts,
  ContactChange,
  ContactMethod,
  ContactVars,
  NoticeVars,
  PrivilegedVars,
  RolloutVars,
} from './locales/catalog.ts';
import { de } from './locales/de.ts';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';
import { looksMasked, maskEmail, maskPhone } from './mask.ts';
import { type Channel, emailOnlyKinds, type MessageKind } from './types.ts';

export type Locale = 'en' | 'fr' | 'de';

export const supportedLocales: readonly Locale[] = ['en', 'fr', 'de'];

const catalogs: Record<Locale, Catalog> = { en, fr, de };

/** One GSM-7 segment; every built-in SMS text fits it with an organization name of up to 64 characters. */
export const smsMaxLength = 160;
const orgMaxLength = 64;
const helpdeskMaxLength = 200;
const refMaxLength = 64;
const urlMaxLength = 500;

const contactMethods: readonly ContactMethod[] = [
  'alternateEmail',
  'mobilePhone',
  'officePhone',
  'questions',
];
const contactChanges: readonly ContactChange[] = ['added', 'changed', 'removed'];

/** A message that cannot be rendered: a missing or invalid var. Raised at enqueue, so the caller's transaction fails. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

export interface RenderInput {
  kind: MessageKind;
  channel: Channel;
  /** A BCP 47 tag or an Accept-Language value; negotiated with pickLocale. */
  locale: string | undefined;
  /**
   * Template vars. Only the ones a kind names are read (org always; helpdesk; method, change, contact;
   * ref; url, https only), so a stray `username` or `password` var can never reach a text.
   */
  vars: Readonly<Record<string, string | number>>;
  /** The one-time code; required for reset_code and verify_code, ignored otherwise. */
  code?: string;
  /** Minutes the code has left, rounded up; required with a code. */
  minutes?: number;
}

export interface RenderedText {
  /** Email only. */
  subject?: string;
  text: string;
}

/**
 * Picks the best supported locale for a BCP 47 tag (`fr-CA`) or an Accept-Language value
 * (`fr-CA,fr;q=0.9,en;q=0.8`), honouring q-weights; English when nothing matches.
 * @example pickLocale('de-AT') // 'de'
 * @example pickLocale('es,fr;q=0.5') // 'fr'
 */
export function pickLocale(requested: string | undefined): Locale {
  if (!requested) return 'en';
  const ranges = requested
    .slice(0, 1000)
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [rawTag = '', ...params] = part.split(';');
      let q = 1;
      for (const p of params) {
        const [name = '', value = ''] = p.split('=').map((s) => s.trim());
        if (name.toLowerCase() !== 'q') continue;
        // A malformed weight makes the range unusable rather than silently preferred.
        q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value) ? Number(value) : 0;
      }
      return { tag: rawTag.trim().replace(/_/g, '-').toLowerCase(), q, index };
    })
    .filter((r) => r.q > 0 && r.tag !== '')
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranges) {
    const primary = r.tag.split('-')[0];
    const hit = supportedLocales.find((l) => l === primary);
    if (hit) return hit;
  }
  return 'en';
}

/** Digits separated by commas so text-to-speech reads "1, 2, 3" rather than "one hundred twenty-three". */
export function spokenDigits(code: string): string {
  return Array.from(code).join(', ');
}

/**
 * Renders one message: `{subject, text}` for email, `{text}` for SMS (at most 160 characters, code first)
 * and voice. Throws TemplateError when a required var is missing or invalid, or when an email-only kind
 * (the rollout campaign) is asked for SMS or voice.
 */
export function render(input: RenderInput): RenderedText {
  if (emailOnlyKinds.has(input.kind) && input.channel !== 'email')
    throw new TemplateError(`${input.kind} is sent by email only`);
  const catalog = catalogs[pickLocale(input.locale)];
  const org = clean(input.vars.org, orgMaxLength);
  if (!org) throw new TemplateError('var org is required');
  const build = (orgText: string) => renderKind(catalog, input, orgText);
  const out = build(org);
  return input.channel === 'sms' ? fitSms(out, org, build) : out;
}

function renderKind(catalog: Catalog, input: RenderInput, org: string): RenderedText {
  const { vars, channel } = input;
  switch (input.kind) {
    case 'reset_code':
    case 'verify_code': {
      const code = input.code ?? '';
      if (!/^\d{4,12}$/.test(code)) throw new TemplateError(`${input.kind} needs a numeric code`);
      const m = input.minutes;
      if (m === undefined || !Number.isFinite(m) || m <= 0)
        throw new TemplateError(`${input.kind} needs minutes`);
      const v = { org, code, spoken: spokenDigits(code), minutes: Math.ceil(m) };
      return pick(catalog[input.kind], channel, v);
    }
    case 'password_changed':
    case 'account_unlocked': {
      const v: NoticeVars = { org, helpdesk: clean(vars.helpdesk, helpdeskMaxLength) || undefined };
      return pick(catalog[input.kind], channel, v);
    }
    case 'contact_changed': {
      const method = contactMethods.find((x) => x === vars.method);
      const change = contactChanges.find((x) => x === vars.change);
      if (!method) throw new TemplateError('contact_changed needs var method');
      if (!change) throw new TemplateError('contact_changed needs var change');
      const v: ContactVars = {
        org,
        method,
        change,
        contact: safeContact(clean(vars.contact, 100), channel),
        helpdesk: clean(vars.helpdesk, helpdeskMaxLength) || undefined,
      };
      return pick(catalog.contact_changed, channel, v);
    }
    case 'privileged_reset': {
      const v: PrivilegedVars = { org, ref: clean(vars.ref, refMaxLength) || undefined };
      return pick(catalog.privileged_reset, channel, v);
    }
    case 'rollout_coming_soon':
    case 'rollout_available':
    case 'rollout_reminder': {
      // render() already refused other channels: these kinds have no SMS or voice text.
      const v: RolloutVars = {
        org,
        url: safeLinkUrl(vars.url),
        helpdesk: clean(vars.helpdesk, helpdeskMaxLength) || undefined,
      };
      return catalog[input.kind].email(v);
    }
  }
}

/**
 * A link var as the text may show it, or undefined when it must not: only absolute https URLs without
 * credentials, of reasonable length. An http, javascript: or data: URL is dropped, not rewritten, so the
 * message reads as if no link had been given.
 */
function safeLinkUrl(value: string | number | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  // Whitespace, controls or bidi marks inside the URL mean it was not meant as one link: drop it whole.
  if (
    raw === '' ||
    raw.length > urlMaxLength ||
    /[\s\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(raw)
  )
    return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.hostname === '')
    return undefined;
  return u.href.length > urlMaxLength ? undefined : u.href;
}

function pick<V>(texts: ChannelTexts<V>, channel: Channel, v: V): RenderedText {
  switch (channel) {
    case 'email':
      return texts.email(v);
    case 'sms':
      return { text: texts.sms(v) };
    case 'voice':
      return { text: texts.voice(v) };
  }
}

/** Callers pass the new value masked; one passed in clear is masked here rather than shown. */
function safeContact(contact: string, channel: Channel): string | undefined {
  if (!contact) return undefined;
  const masked = looksMasked(contact)
    ? contact
    : contact.includes('@')
      ? maskEmail(contact)
      : maskPhone(contact);
  // Bullets are not in the GSM-7 alphabet; one would turn the SMS into UCS-2 and cut its room to 70 characters.
  return channel === 'sms' ? masked.replace(/\u2022/g, '*') : masked;
}

/** Shortens the organization name (never the code, which comes first) until the SMS fits one segment. */
function fitSms(out: RenderedText, org: string, build: (org: string) => RenderedText): RenderedText {
  const over = Array.from(out.text).length - smsMaxLength;
  if (over <= 0) return out;
  const chars = Array.from(org);
  const shorter =
    chars.length - over >= 1
      ? build(
          chars
            .slice(0, chars.length - over)
            .join('')
            .trimEnd(),
        )
      : out;
  const text = Array.from(shorter.text);
  return text.length <= smsMaxLength ? shorter : { text: text.slice(0, smsMaxLength).join('') };
}

/** A var as single-line display text (displayText's rules: no header injection, no bidi overrides, capped). */
const clean = (value: string | number | undefined, max: number): string =>
  displayText(value === undefined ? undefined : String(value), max);
