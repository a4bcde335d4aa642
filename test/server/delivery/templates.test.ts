// Templates: every kind in every channel and locale, SMS limits, var whitelisting, locale negotiation.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/clock.ts';
import { renderEmailHtml } from '../../../server/delivery/html/email.ts';
import { enqueue } from '../../../server/delivery/outbox.ts';
import {
  pickLocale,
  render,
  spokenDigits,
  supportedLocales,
  TemplateError,
} from '../../../server/delivery/templates.ts';
import {
  type Channel,
  channels,
  emailOnlyKinds,
  kindChannels,
  type MessageKind,
  messageKinds,
} from '../../../server/delivery/types.ts';
import { generateSecrets, Keyring } from '../../../server/security/keyring.ts';
import { openMigrated } from './fixtures.ts';

// GSM 03.38 basic alphabet: an SMS made only of these fits 160 characters in one segment.
const gsm7 = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);

const code = '482139';
const vars = (kind: MessageKind, org = 'Contoso'): Record<string, string | number> => ({
  org,
  username: 'alice.smith',
  password: 'Hunter2-secret!',
  name: 'Alice Smith',
  ...(kind === 'contact_changed'
    ? { method: 'mobilePhone', change: 'added', contact: '+33 ••••••••78' }
    : {}),
  ...(kind === 'privileged_reset' ? { ref: 'evt-42' } : {}),
  ...(kind === 'password_changed' || kind === 'account_unlocked' || emailOnlyKinds.has(kind)
    ? { helpdesk: 'https://help.contoso.com' }
    : {}),
  ...(emailOnlyKinds.has(kind) ? { url: 'https://sspr.contoso.com/register' } : {}),
});
const all = (org = 'Contoso') =>
  supportedLocales.flatMap((locale) =>
    messageKinds.flatMap((kind) =>
      kindChannels(kind).map((channel: Channel) => ({
        locale,
        kind,
        channel,
        out: render({ kind, channel, locale, vars: vars(kind, org), code, minutes: 10 }),
      })),
    ),
  );

describe('render', () => {
  it('brands every message, never shows username, display name or password', () => {
    for (const { out, kind, channel, locale } of all()) {
      const text = `${out.subject ?? ''}\n${out.text}`;
      expect(text, `${locale} ${kind} ${channel}`).toContain('Contoso');
      expect(text).not.toMatch(/alice|Hunter2/i);
      expect(out.subject !== undefined).toBe(channel === 'email');
      if (kind === 'reset_code' || kind === 'verify_code') {
        if (channel === 'voice') expect(out.text).toContain('4, 8, 2, 1, 3, 9');
        else expect(out.text).toContain(code);
      } else expect(out.text).not.toContain(code);
    }
  });

  it('gives the documented English SMS, code first', () => {
    const out = render({
      kind: 'verify_code',
      channel: 'sms',
      locale: 'en',
      vars: { org: 'Contoso' },
      code: '123456',
      minutes: 10,
    });
    expect(out).toEqual({ text: '123456 is your Contoso verification code. It expires in 10 minutes.' });
    const one = render({
      kind: 'reset_code',
      channel: 'sms',
      locale: 'en',
      vars: { org: 'Contoso' },
      code: '123456',
      minutes: 0.2,
    });
    expect(one.text).toMatch(/^123456 is your Contoso password reset code\. It expires in 1 minute\./);
  });

  it('speaks the digits one by one', () => {
    expect(spokenDigits('123456')).toBe('1, 2, 3, 4, 5, 6');
    const out = render({
      kind: 'reset_code',
      channel: 'voice',
      locale: 'de',
      vars: { org: 'Contoso' },
      code: '123456',
      minutes: 10,
    });
    expect(out.text).toContain('1, 2, 3, 4, 5, 6');
    expect(out.text).toContain('10 Minuten');
  });

  it('translates into fr and de', () => {
    const r = (locale: string) =>
      render({
        kind: 'verify_code',
        channel: 'email',
        locale,
        vars: { org: 'Contoso' },
        code: '12345678',
        minutes: 10,
      });
    expect(r('en').subject).toBe('Your Contoso verification code');
    expect(r('fr').subject).toBe('Votre code de vérification Contoso');
    expect(r('de').subject).toBe('Ihr Bestätigungscode für Contoso');
    expect(r('fr').text).toContain('Il expire dans 10 minutes.');
    expect(r('de').text).toContain('Er läuft in 10 Minuten ab.');
    expect(r('fr-CA,fr;q=0.9').subject).toBe(r('fr').subject);
    expect(r('es').subject).toBe(r('en').subject);
  });

  it('keeps every SMS in GSM-7 and within 160 characters, code first, even with a long org name', () => {
    const longOrg = 'Contoso International Holdings & Subsidiaries Worldwide Group Ltd';
    for (const org of ['Contoso', longOrg]) {
      for (const { out, kind, locale } of all(org).filter((x) => x.channel === 'sms')) {
        const chars = Array.from(out.text);
        expect(chars.length, `${locale} ${kind}: ${out.text}`).toBeLessThanOrEqual(160);
        expect(
          chars.filter((c) => !gsm7.has(c)),
          `${locale} ${kind}`,
        ).toEqual([]);
        if (kind === 'reset_code' || kind === 'verify_code') expect(out.text.startsWith(code)).toBe(true);
        expect(out.text).toContain(org === 'Contoso' ? 'Contoso' : 'Contoso International');
      }
    }
  });

  it('masks contact values, and never prints one given in clear', () => {
    const base = { kind: 'contact_changed' as const, locale: 'en', vars: {} };
    const email = render({
      ...base,
      channel: 'email',
      vars: { org: 'Contoso', method: 'mobilePhone', change: 'added', contact: '+14255550100' },
    });
    expect(email.text).toContain('Added: mobile phone (+1 ••••••••00)');
    expect(email.text).not.toContain('4255550100');
    const sms = render({
      ...base,
      channel: 'sms',
      vars: { org: 'Contoso', method: 'alternateEmail', change: 'changed', contact: 'bob@fabrikam.com' },
    });
    expect(sms.text).toContain('(Changed: alternate email b****@f*******.com)');
    const phoneSms = render({
      ...base,
      channel: 'sms',
      vars: { org: 'Contoso', method: 'mobilePhone', change: 'added', contact: '+1 ••••••••00' },
    });
    expect(phoneSms.text).toContain('(Added: mobile phone +1 ********00)');
    const removed = render({
      ...base,
      channel: 'voice',
      locale: 'fr',
      vars: { org: 'Contoso', method: 'officePhone', change: 'removed' },
    });
    expect(removed.text).toContain('Suppression : téléphone professionnel.');
  });

  it('keeps vars on one line (no header injection) and strips bidi overrides', () => {
    const out = render({
      kind: 'password_changed',
      channel: 'email',
      locale: 'en',
      vars: { org: 'Evil\r\nBcc: victim@example.com\u202Egro' },
    });
    expect(out.subject).toBe('Your Evil Bcc: victim@example.comgro password was changed');
    expect(out.subject).not.toMatch(/[\r\n\u202E]/);
  });

  it('refuses messages it cannot render', () => {
    expect(() => render({ kind: 'password_changed', channel: 'email', locale: 'en', vars: {} })).toThrow(
      TemplateError,
    );
    expect(() =>
      render({ kind: 'password_changed', channel: 'email', locale: 'en', vars: { org: ' \n ' } }),
    ).toThrow(TemplateError);
    expect(() =>
      render({ kind: 'reset_code', channel: 'sms', locale: 'en', vars: { org: 'C' }, minutes: 10 }),
    ).toThrow(TemplateError);
    expect(() =>
      render({
        kind: 'reset_code',
        channel: 'sms',
        locale: 'en',
        vars: { org: 'C' },
        code: '12a456',
        minutes: 10,
      }),
    ).toThrow(TemplateError);
    expect(() =>
      render({ kind: 'reset_code', channel: 'sms', locale: 'en', vars: { org: 'C' }, code: '123456' }),
    ).toThrow(TemplateError);
    expect(() =>
      render({
        kind: 'contact_changed',
        channel: 'sms',
        locale: 'en',
        vars: { org: 'C', method: 'password', change: 'added' },
      }),
    ).toThrow(TemplateError);
  });
});

describe('rollout emails', () => {
  const rollout = [...emailOnlyKinds];
  const url = 'https://sspr.contoso.com/register?src=mail';

  it('are email only: render and enqueue refuse sms and voice', () => {
    expect(rollout).toEqual(['rollout_coming_soon', 'rollout_available', 'rollout_reminder']);
    for (const kind of rollout) {
      expect(messageKinds).toContain(kind);
      expect(kindChannels(kind)).toEqual(['email']);
      for (const channel of channels.filter((c) => c !== 'email'))
        expect(() => render({ kind, channel, locale: 'en', vars: { org: 'Contoso', url } })).toThrow(
          new TemplateError(`${kind} is sent by email only`),
        );
    }
    expect(kindChannels('reset_code')).toEqual(channels);
  });

  it('brand every locale with org, show an https url and the helpdesk, in text and HTML', () => {
    const subjects = new Set<string>();
    for (const locale of supportedLocales)
      for (const kind of rollout) {
        const out = render({
          kind,
          channel: 'email',
          locale,
          vars: { org: 'Contoso', url, helpdesk: 'helpdesk@contoso.com', username: 'alice.smith' },
        });
        const where = `${locale} ${kind}`;
        expect(out.subject, where).toContain('Contoso');
        subjects.add(out.subject!);
        expect(out.text, where).toContain(`\n\n    ${url}\n\n`);
        expect(out.text, where).toContain('helpdesk@contoso.com');
        expect(out.text, where).not.toContain('alice');
        const html = renderEmailHtml({
          locale,
          subject: out.subject!,
          text: out.text,
          brand: { name: 'Contoso' },
        });
        expect(html, where).toContain('https://sspr.contoso.com/register?src=mail');
        expect(html, where).toContain('helpdesk@contoso.com');
        expect(html, where).toContain(`<html lang="${locale}"`);
        expect(html, where).not.toMatch(/<a\s|href=/i);
        // Without url or helpdesk the texts still read whole.
        const bare = render({ kind, channel: 'email', locale, vars: { org: 'Contoso' } });
        expect(bare.text, where).not.toMatch(/https?:|undefined/);
        expect(bare.text, where).toContain('Contoso');
      }
    expect(subjects.size).toBe(rollout.length * supportedLocales.length);
  });

  it('say what each kind is about', () => {
    const en = (kind: MessageKind) =>
      render({ kind, channel: 'email', locale: 'en', vars: { org: 'Contoso', url } });
    expect(en('rollout_coming_soon').subject).toBe('Self-service password reset is coming to Contoso');
    expect(en('rollout_available').subject).toBe('You can now reset your Contoso password yourself');
    expect(en('rollout_available').text).toContain('register your recovery info now');
    expect(en('rollout_reminder').subject).toBe('Reminder: register for Contoso password reset');
    expect(en('rollout_reminder').text).toContain("You haven't registered your recovery info");
    const fr = render({
      kind: 'rollout_reminder',
      channel: 'email',
      locale: 'fr-FR',
      vars: { org: 'Contoso' },
    });
    expect(fr.subject).toBe('Rappel : inscrivez-vous à la réinitialisation de mot de passe Contoso');
    const de = render({
      kind: 'rollout_available',
      channel: 'email',
      locale: 'de',
      vars: { org: 'Contoso' },
    });
    expect(de.subject).toBe('Sie können Ihr Kennwort bei Contoso jetzt selbst zurücksetzen');
  });

  it.each([
    'http://sspr.contoso.com/register',
    'javascript:alert(document.cookie)//https://x',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://user:pass@sspr.contoso.com/',
    'https://sspr.contoso.com/\u202Eexe.txt',
    'https://sspr.contoso.com/a b',
    'https://sspr.contoso.com/\nBcc: x@y.example',
    '//sspr.contoso.com/register',
    `https://sspr.contoso.com/${'a'.repeat(600)}`,
  ])('drops a url that is not plain https: %s', (bad) => {
    for (const locale of supportedLocales)
      for (const kind of rollout) {
        const out = render({ kind, channel: 'email', locale, vars: { org: 'Contoso', url: bad } });
        const bare = render({ kind, channel: 'email', locale, vars: { org: 'Contoso' } });
        expect(out).toEqual(bare);
        const html = renderEmailHtml({
          locale,
          subject: out.subject!,
          text: out.text,
          brand: { name: 'Contoso' },
        });
        for (const text of [out.text, html]) {
          expect(text).not.toMatch(/http:|javascript:|data:|sspr\.contoso/i);
        }
      }
  });

  it('enqueue refuses sms and voice for them, and accepts email', async () => {
    const db = await openMigrated();
    try {
      const clock = new FakeClock();
      const keys = new Keyring(generateSecrets(clock.now()), clock);
      const msg = (channel: Channel, to: string) => ({
        kind: 'rollout_available' as const,
        channel,
        to,
        locale: 'fr',
        vars: { org: 'Contoso', url },
        expiresAt: clock.now() + 86_400_000,
      });
      for (const [channel, to] of [
        ['sms', '+14255550100'],
        ['voice', '+14255550100'],
      ] as const)
        await expect(db.tx((q) => enqueue(q, keys, clock, msg(channel, to)))).rejects.toThrow(TemplateError);
      expect(await db.query('SELECT id FROM outbox')).toEqual([]);
      const id = await db.tx((q) => enqueue(q, keys, clock, msg('email', 'bob@fabrikam.com')));
      expect(await db.query('SELECT kind, channel FROM outbox WHERE id = $1', [id])).toEqual([
        { kind: 'rollout_available', channel: 'email' },
      ]);
    } finally {
      await db.close();
    }
  });
});

describe('pickLocale', () => {
  it.each([
    ['fr-CA,fr;q=0.9,en;q=0.8', 'fr'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['FR_ch', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['es-ES,es;q=0.9,de;q=0.8,fr;q=0.7', 'de'],
    ['fr;q=0.2, de;q=0.8', 'de'],
    ['fr;q=0, de;q=0.1', 'de'],
    ['fr;q=abc, de;q=0.1', 'de'],
    ['*', 'en'],
    ['ja', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    [',,;;q=', 'en'],
  ])('%s → %s', (input, want) => {
    expect(pickLocale(input)).toBe(want);
  });
});
