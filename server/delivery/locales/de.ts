// German message texts (formal "Sie"; "Kennwort" as in Microsoft's German UI).
import type { Catalog, ContactChange, ContactMethod, ContactVars, RolloutVars } from './catalog.ts';

const minutes = (n: number) => `${n} ${n === 1 ? 'Minute' : 'Minuten'}`;

const methodNames: Record<ContactMethod, string> = {
  alternateEmail: 'alternative E-Mail',
  mobilePhone: 'Mobiltelefon',
  officePhone: 'Bürotelefon',
  questions: 'Sicherheitsfragen',
};

const changeNames: Record<ContactChange, string> = {
  added: 'Hinzugefügt',
  changed: 'Geändert',
  removed: 'Entfernt',
};

// SMS has no room for nested brackets: the masked value just follows the method.
const smsChangeLine = (v: ContactVars) =>
  `${changeNames[v.change]}: ${methodNames[v.method]}${v.contact ? ` ${v.contact}` : ''}`;

const changeLine = (v: ContactVars, contact = v.contact) =>
  `${changeNames[v.change]}: ${methodNames[v.method]}${contact ? ` (${contact})` : ''}`;

const helpdeskLine = (helpdesk: string | undefined) =>
  `Falls nicht, wenden Sie sich sofort an Ihren Helpdesk${helpdesk ? `: ${helpdesk}` : ''}.`;

const noPhishing = (org: string) =>
  `${org} fragt Sie niemals per Telefon, E-Mail oder Chat nach diesem Code. Geben Sie ihn an niemanden weiter.`;

const footer = (org: string) =>
  `Diese Nachricht wurde vom Kennwortdienst von ${org} gesendet. Antworten werden nicht gelesen.`;

// Einführungskampagne (nur E-Mail). Die URL steht in einer eigenen, eingerückten Zeile (im HTML hervorgehoben).
const rolloutNoPassword = (org: string) =>
  `${org} fragt Sie niemals per E-Mail nach Ihrem Kennwort. Klicken Sie im Zweifel nicht, sondern geben Sie die Adresse der Kennwortseite selbst ein.`;

const rolloutHelp = (helpdesk: string | undefined) =>
  `Fragen? Wenden Sie sich an Ihren Helpdesk${helpdesk ? `: ${helpdesk}` : ''}.`;

const registerNow = (v: RolloutVars) =>
  v.url
    ? [
        `Registrieren Sie dazu jetzt Ihre Wiederherstellungsdaten (Mobiltelefon, alternative E-Mail-Adresse oder Sicherheitsfragen). Das dauert nur wenige Minuten:`,
        `    ${v.url}`,
      ]
    : [
        `Registrieren Sie dazu jetzt Ihre Wiederherstellungsdaten (Mobiltelefon, alternative E-Mail-Adresse oder Sicherheitsfragen). Das dauert nur wenige Minuten auf der Kennwortseite von ${v.org}.`,
      ];

export const de: Catalog = {
  reset_code: {
    email: (v) => ({
      subject: `Ihr Code zum Zurücksetzen des Kennworts bei ${v.org}`,
      text: [
        `Ihr Code zum Zurücksetzen Ihres Kennworts bei ${v.org} lautet:`,
        `    ${v.code}`,
        `Er läuft in ${minutes(v.minutes)} ab. Geben Sie ihn dort ein, wo Sie das Zurücksetzen angefordert haben.`,
        noPhishing(v.org),
        `Wenn Sie nichts angefordert haben, ignorieren Sie diese Nachricht: Ihr Kennwort bleibt unverändert.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.code} ist Ihr Code zum Zurücksetzen Ihres Kennworts bei ${v.org}. Er läuft in ${minutes(v.minutes)} ab. Nicht weitergeben.`,
    voice: (v) =>
      `Hallo. Hier ist ${v.org}. Ihr Code zum Zurücksetzen lautet: ${v.spoken}. Noch einmal, Ihr Code lautet: ${v.spoken}. ` +
      `Er läuft in ${minutes(v.minutes)} ab. Auf Wiederhören.`,
  },
  verify_code: {
    email: (v) => ({
      subject: `Ihr Bestätigungscode für ${v.org}`,
      text: [
        `Mit diesem Code bestätigen Sie diese Adresse für das Zurücksetzen von Kennwörtern bei ${v.org}:`,
        `    ${v.code}`,
        `Er läuft in ${minutes(v.minutes)} ab.`,
        noPhishing(v.org),
        `Wenn Sie nichts angefordert haben, hat vielleicht jemand Ihre Adresse versehentlich eingegeben. Sie können diese Nachricht ignorieren.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) => `${v.code} ist Ihr Bestätigungscode für ${v.org}. Er läuft in ${minutes(v.minutes)} ab.`,
    voice: (v) =>
      `Hallo. Hier ist ${v.org}. Ihr Bestätigungscode lautet: ${v.spoken}. Noch einmal, Ihr Code lautet: ${v.spoken}. ` +
      `Er läuft in ${minutes(v.minutes)} ab. Auf Wiederhören.`,
  },
  password_changed: {
    email: (v) => ({
      subject: `Ihr Kennwort bei ${v.org} wurde geändert`,
      text: [
        `Das Kennwort Ihres Kontos bei ${v.org} wurde soeben geändert.`,
        `Wenn Sie das waren, ist nichts weiter zu tun. ${helpdeskLine(v.helpdesk)}`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: Ihr Kennwort wurde soeben geändert. Waren Sie das nicht? Wenden Sie sich sofort an Ihren Helpdesk.`,
    voice: (v) =>
      `Hallo. Hier ist ${v.org}. Das Kennwort Ihres Kontos wurde soeben geändert. ` +
      `Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Helpdesk. Auf Wiederhören.`,
  },
  account_unlocked: {
    email: (v) => ({
      subject: `Ihr Konto bei ${v.org} wurde entsperrt`,
      text: [
        `Ihr Konto bei ${v.org} wurde soeben per Self-Service entsperrt. Ihr Kennwort wurde nicht geändert.`,
        `Wenn Sie das waren, ist nichts weiter zu tun. ${helpdeskLine(v.helpdesk)}`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: Ihr Konto wurde soeben entsperrt. Waren Sie das nicht? Wenden Sie sich sofort an Ihren Helpdesk.`,
    voice: (v) =>
      `Hallo. Hier ist ${v.org}. Ihr Konto wurde soeben entsperrt. ` +
      `Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Helpdesk. Auf Wiederhören.`,
  },
  contact_changed: {
    email: (v) => ({
      subject: `Ihre Daten zur Kennwortzurücksetzung bei ${v.org} wurden geändert`,
      text: [
        `Die Daten zur Kennwortzurücksetzung Ihres Kontos bei ${v.org} wurden geändert:`,
        `    ${changeLine(v)}`,
        `Wenn Sie das waren, ist nichts weiter zu tun. ${helpdeskLine(v.helpdesk)} ` +
          `Möglicherweise versucht jemand, Ihr Konto zu übernehmen.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: Wiederherstellungsdaten geändert (${smsChangeLine(v)}). Nicht Sie? Sofort den Helpdesk kontaktieren.`,
    voice: (v) =>
      `Hallo. Hier ist ${v.org}. Die Daten zur Kennwortzurücksetzung Ihres Kontos wurden geändert. ${changeLine(v, '')}. ` +
      `Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Helpdesk. Auf Wiederhören.`,
  },
  privileged_reset: {
    email: (v) => ({
      subject: `${v.org}: Ein privilegiertes Konto hat sein Kennwort zurückgesetzt`,
      text: [
        `Ein privilegiertes Konto bei ${v.org} hat soeben sein Kennwort per Self-Service zurückgesetzt.`,
        `Sie erhalten diesen Hinweis als weiterer Administrator. Prüfen Sie das Ereignis im Audit-Protokoll${v.ref ? ` (Referenz ${v.ref})` : ''}. ` +
          `War das Zurücksetzen nicht erwartet, behandeln Sie es als mögliche Kontoübernahme.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: Ein privilegiertes Konto hat soeben sein Kennwort per Self-Service zurückgesetzt. Bitte Audit-Protokoll prüfen.`,
    voice: (v) =>
      `Hallo. Hier ist ${v.org}. Ein privilegiertes Konto hat soeben sein Kennwort per Self-Service zurückgesetzt. ` +
      `Bitte prüfen Sie das Audit-Protokoll. Auf Wiederhören.`,
  },
  rollout_coming_soon: {
    email: (v) => ({
      subject: `Self-Service-Kennwortzurücksetzung bald bei ${v.org}`,
      text: [
        `${v.org} führt in Kürze die Self-Service-Kennwortzurücksetzung ein. Dann können Sie ein vergessenes Kennwort jederzeit und von überall selbst zurücksetzen oder Ihr Konto entsperren, ohne den Helpdesk anzurufen.`,
        `Dazu registrieren Sie zuerst Ihre Wiederherstellungsdaten: ein Mobiltelefon, eine alternative E-Mail-Adresse oder Sicherheitsfragen. Wir benachrichtigen Sie, sobald das möglich ist.`,
        ...(v.url ? ['Weitere Informationen:', `    ${v.url}`] : []),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
  rollout_available: {
    email: (v) => ({
      subject: `Sie können Ihr Kennwort bei ${v.org} jetzt selbst zurücksetzen`,
      text: [
        `Die Self-Service-Kennwortzurücksetzung ist bei ${v.org} jetzt verfügbar. Wenn Sie Ihr Kennwort vergessen oder Ihr Konto gesperrt wird, können Sie es selbst zurücksetzen bzw. entsperren, ohne den Helpdesk anzurufen.`,
        ...registerNow(v),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
  rollout_reminder: {
    email: (v) => ({
      subject: `Erinnerung: Registrieren Sie sich für die Kennwortzurücksetzung bei ${v.org}`,
      text: [
        `Sie haben Ihre Wiederherstellungsdaten für die Self-Service-Kennwortzurücksetzung bei ${v.org} noch nicht registriert. Ohne sie können Sie ein vergessenes Kennwort nicht selbst zurücksetzen und Ihr Konto nicht selbst entsperren, sondern müssen den Helpdesk anrufen.`,
        ...registerNow(v),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
};
