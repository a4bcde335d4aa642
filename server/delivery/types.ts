// The vocabulary shared by the outbox, the templates and the worker: channels and message kinds.

export type Channel = 'email' | 'sms' | 'voice';

export type MessageKind =
  | 'reset_code'
  | 'verify_code'
  | 'password_changed'
  | 'account_unlocked'
  | 'contact_changed'
  | 'privileged_reset';

export const channels: readonly Channel[] = ['email', 'sms', 'voice'];

export const messageKinds: readonly MessageKind[] = [
  'reset_code',
  'verify_code',
  'password_changed',
  'account_unlocked',
  'contact_changed',
  'privileged_reset',
];

/** Kinds that carry a one-time code; they cannot be enqueued without one. */
export const codeKinds: ReadonlySet<MessageKind> = new Set<MessageKind>(['reset_code', 'verify_code']);
