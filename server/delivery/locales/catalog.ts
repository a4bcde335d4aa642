// The shape every message catalog fills in: one function per message kind and channel, fed only vetted vars.
import type { MethodId } from '../../../api/methods.ts';

/** Vars of a message carrying a one-time code. */
export interface CodeVars {
  org: string;
  code: string;
  /** The code with its digits separated, so text-to-speech reads them one by one. */
  spoken: string;
  /** Whole minutes the code has left; at least 1. */
  minutes: number;
}

/** Vars of a plain security notice (password changed, account unlocked). */
export interface NoticeVars {
  org: string;
  /** Where to get help (URL or address); shown in emails only, as SMS has no room for it. */
  helpdesk?: string;
}

/** The method a contact-change notice names. */
export type ContactMethod = MethodId;
export type ContactChange = 'added' | 'changed' | 'removed';

/** Vars of a "your recovery info changed" notice, sent to the channels registered before the change. */
export interface ContactVars extends NoticeVars {
  method: ContactMethod;
  change: ContactChange;
  /** The new value, always masked; absent for removals and security questions. */
  contact?: string;
}

/** Vars of the notice other administrators get when a privileged account resets its password. */
export interface PrivilegedVars {
  org: string;
  /** An audit reference to look the event up by; the username itself is never put in a message. */
  ref?: string;
}

/** Vars of a rollout campaign email (coming soon, available, reminder). */
export interface RolloutVars {
  org: string;
  /** Where to register recovery info (or read more, for "coming soon"); an https URL, vetted before it gets here. */
  url?: string;
  /** Where to get help (URL or address). */
  helpdesk?: string;
}

export interface EmailText {
  subject: string;
  text: string;
}

/** A message kind sent by email only: it has no SMS or voice text at all. */
export interface EmailOnlyTexts<V> {
  email(v: V): EmailText;
}

/** One message kind in every channel. SMS texts must stay in the GSM-7 alphabet so one segment holds 160 characters. */
export interface ChannelTexts<V> extends EmailOnlyTexts<V> {
  sms(v: V): string;
  voice(v: V): string;
}

export interface Catalog {
  reset_code: ChannelTexts<CodeVars>;
  verify_code: ChannelTexts<CodeVars>;
  password_changed: ChannelTexts<NoticeVars>;
  account_unlocked: ChannelTexts<NoticeVars>;
  contact_changed: ChannelTexts<ContactVars>;
  privileged_reset: ChannelTexts<PrivilegedVars>;
  rollout_coming_soon: EmailOnlyTexts<RolloutVars>;
  rollout_available: EmailOnlyTexts<RolloutVars>;
  rollout_reminder: EmailOnlyTexts<RolloutVars>;
}
