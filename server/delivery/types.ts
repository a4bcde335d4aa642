// The vocabulary shared by the outbox, the templates and the worker: channels and message kinds.
import { type Channel, channels } from '../../api/methods.ts';

export type { Channel };

export type MessageKind =
  | 'reset_code'
  | 'verify_code'
  | 'password_changed'
  | 'account_unlocked'
  | 'contact_changed'
  | 'privileged_reset'
  | 'rollout_coming_soon'
  | 'rollout_available'
  | 'rollout_reminder';

export { channels };

export const messageKinds: readonly MessageKind[] = [
  'reset_code',
  'verify_code',
  'password_changed',
  'account_unlocked',
  'contact_changed',
  'privileged_reset',
  'rollout_coming_soon',
  'rollout_available',
  'rollout_reminder',
];

/** Kinds that carry a one-time code; they cannot be enqueued without one. */
export const codeKinds: ReadonlySet<MessageKind> = new Set<MessageKind>(['reset_code', 'verify_code']);

/** Kinds sent by email only (the rollout campaign, after Azure AD's rollout kit); they have no SMS or voice text. */
export const emailOnlyKinds: ReadonlySet<MessageKind> = new Set<MessageKind>([
  'rollout_coming_soon',
  'rollout_available',
  'rollout_reminder',
]);

/** The channels a kind can be rendered and sent on. */
export function kindChannels(kind: MessageKind): readonly Channel[] {
  return emailOnlyKinds.has(kind) ? ['email'] : channels;
}
