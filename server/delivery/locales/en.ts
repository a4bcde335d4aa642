// English message texts (the fallback catalog).
import type { Catalog, ContactChange, ContactMethod, ContactVars, RolloutVars } from './catalog.ts';

const minutes = (n: number) => `${n} minute${n === 1 ? '' : 's'}`;

const methodNames: Record<ContactMethod, string> = {
  alternateEmail: 'alternate email',
  mobilePhone: 'mobile phone',
  officePhone: 'office phone',
  questions: 'security questions',
};

const changeNames: Record<ContactChange, string> = { added: 'Added', changed: 'Changed', removed: 'Removed' };

// SMS has no room for nested brackets: the masked value just follows the method.
const smsChangeLine = (v: ContactVars) =>
  `${changeNames[v.change]}: ${methodNames[v.method]}${v.contact ? ` ${v.contact}` : ''}`;

const changeLine = (v: ContactVars, contact = v.contact) =>
  `${changeNames[v.change]}: ${methodNames[v.method]}${contact ? ` (${contact})` : ''}`;

const helpdeskLine = (helpdesk: string | undefined) =>
  `If it wasn't you, contact your helpdesk right away${helpdesk ? `: ${helpdesk}` : ''}.`;

const noPhishing = (org: string) =>
  `${org} will never ask you for this code by phone, email or chat. Don't share it with anyone.`;

const footer = (org: string) =>
  `This message was sent by the ${org} password reset service. Replies are not read.`;

// Rollout campaign (email only). The URL goes on its own indented line, so the HTML shows it as a callout.
const rolloutNoPassword = (org: string) =>
  `${org} will never ask you for your password by email. If in doubt, don't click: type the address of the password reset site yourself.`;

const rolloutHelp = (helpdesk: string | undefined) =>
  `Questions? Contact your helpdesk${helpdesk ? `: ${helpdesk}` : ''}.`;

const registerNow = (v: RolloutVars) =>
  v.url
    ? [
        `To use it, register your recovery info now (a mobile phone, an alternate email address or security questions). It only takes a few minutes:`,
        `    ${v.url}`,
      ]
    : [
        `To use it, register your recovery info now (a mobile phone, an alternate email address or security questions). It only takes a few minutes on the ${v.org} password reset site.`,
      ];

export const en: Catalog = {
  reset_code: {
    email: (v) => ({
      subject: `Your ${v.org} password reset code`,
      text: [
        `Your ${v.org} password reset code is:`,
        `    ${v.code}`,
        `It expires in ${minutes(v.minutes)}. Enter it where you asked to reset your password.`,
        noPhishing(v.org),
        `If you didn't ask to reset your password, ignore this message: your password stays the same.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.code} is your ${v.org} password reset code. It expires in ${minutes(v.minutes)}. Don't share it.`,
    voice: (v) =>
      `Hello. This is ${v.org}. Your password reset code is: ${v.spoken}. Again, your code is: ${v.spoken}. ` +
      `It expires in ${minutes(v.minutes)}. Goodbye.`,
  },
  verify_code: {
    email: (v) => ({
      subject: `Your ${v.org} verification code`,
      text: [
        `Use this code to confirm this address for ${v.org} password reset:`,
        `    ${v.code}`,
        `It expires in ${minutes(v.minutes)}.`,
        noPhishing(v.org),
        `If you didn't ask for this, someone may have typed your address by mistake. You can ignore this message.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) => `${v.code} is your ${v.org} verification code. It expires in ${minutes(v.minutes)}.`,
    voice: (v) =>
      `Hello. This is ${v.org}. Your verification code is: ${v.spoken}. Again, your code is: ${v.spoken}. ` +
      `It expires in ${minutes(v.minutes)}. Goodbye.`,
  },
  password_changed: {
    email: (v) => ({
      subject: `Your ${v.org} password was changed`,
      text: [
        `The password of your ${v.org} account was just changed.`,
        `If this was you, there is nothing more to do. ${helpdeskLine(v.helpdesk)}`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: your password was just changed. If this wasn't you, contact your helpdesk right away.`,
    voice: (v) =>
      `Hello. This is ${v.org}. The password of your account was just changed. ` +
      `If this was not you, contact your helpdesk right away. Goodbye.`,
  },
  account_unlocked: {
    email: (v) => ({
      subject: `Your ${v.org} account was unlocked`,
      text: [
        `Your ${v.org} account was just unlocked through self-service. Your password did not change.`,
        `If this was you, there is nothing more to do. ${helpdeskLine(v.helpdesk)}`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: your account was just unlocked. If this wasn't you, contact your helpdesk right away.`,
    voice: (v) =>
      `Hello. This is ${v.org}. Your account was just unlocked. ` +
      `If this was not you, contact your helpdesk right away. Goodbye.`,
  },
  contact_changed: {
    email: (v) => ({
      subject: `Your ${v.org} password reset info changed`,
      text: [
        `The password reset info of your ${v.org} account changed:`,
        `    ${changeLine(v)}`,
        `If this was you, there is nothing more to do. ${helpdeskLine(v.helpdesk)} ` +
          `Someone may be trying to take over your account.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: your reset info changed (${smsChangeLine(v)}). Not you? Contact your helpdesk right away.`,
    // Masks read aloud are noise, so the call names the change without the value.
    voice: (v) =>
      `Hello. This is ${v.org}. The password reset info of your account changed. ${changeLine(v, '')}. ` +
      `If this was not you, contact your helpdesk right away. Goodbye.`,
  },
  privileged_reset: {
    email: (v) => ({
      subject: `${v.org}: a privileged account reset its password`,
      text: [
        `A privileged account of ${v.org} just reset its password through self-service password reset.`,
        `You get this notice as another administrator. Look the event up in the audit log${v.ref ? ` (reference ${v.ref})` : ''}. ` +
          `If the reset was not expected, treat it as a possible account takeover.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org}: a privileged account just reset its password through self-service. Check the audit log.`,
    voice: (v) =>
      `Hello. This is ${v.org}. A privileged account just reset its password through self-service. ` +
      `Please check the audit log. Goodbye.`,
  },
  rollout_coming_soon: {
    email: (v) => ({
      subject: `Self-service password reset is coming to ${v.org}`,
      text: [
        `${v.org} will soon turn on self-service password reset. You will be able to reset a forgotten password or unlock your account yourself, at any time and from anywhere, without calling the helpdesk.`,
        `To use it, you will first register your recovery info: a mobile phone, an alternate email address or security questions. We will send you another message when you can.`,
        ...(v.url ? ['To learn more, visit:', `    ${v.url}`] : []),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
  rollout_available: {
    email: (v) => ({
      subject: `You can now reset your ${v.org} password yourself`,
      text: [
        `Self-service password reset is now available at ${v.org}. If you forget your password or your account gets locked, you can reset or unlock it yourself, without calling the helpdesk.`,
        ...registerNow(v),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
  rollout_reminder: {
    email: (v) => ({
      subject: `Reminder: register for ${v.org} password reset`,
      text: [
        `You haven't registered your recovery info for ${v.org} self-service password reset yet. Without it, you cannot reset a forgotten password or unlock your account yourself, and you will have to call the helpdesk.`,
        ...registerNow(v),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
};
