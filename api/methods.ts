// The one catalogue of methods a user proves who they are with: plain data (no zod), so the API's schemas, the
// server and the widget all derive from it and a method's rules are written once.

/** Every method in display order. */
export const methodIds = ['alternateEmail', 'mobilePhone', 'officePhone', 'questions'] as const;
export type MethodId = (typeof methodIds)[number];

/** Methods that are contact data, reached with a one-time code. */
export const contactMethodIds = ['alternateEmail', 'mobilePhone', 'officePhone'] as const;
export type ContactMethodId = (typeof contactMethodIds)[number];

export const channels = ['email', 'sms', 'voice'] as const;
export type Channel = (typeof channels)[number];
/** The channels a phone can be reached on. */
export const phoneChannels = ['sms', 'voice'] as const;
export type PhoneChannel = (typeof phoneChannels)[number];

export const methodTypes = ['email', 'phone', 'questions'] as const;
export type MethodType = (typeof methodTypes)[number];

export interface MethodSpec {
  type: MethodType;
  /** Where its code goes, the first being the default; none for questions. */
  channels: readonly Channel[];
  /** Digits of its one-time code (DESIGN: 8 by email, 6 by phone, ≥10⁶ values); 0 when it has no code. */
  codeLength: number;
  /** Whether it can serve as a reset gate. */
  gate: boolean;
}

export const methods: Readonly<Record<MethodId, MethodSpec>> = {
  alternateEmail: { type: 'email', channels: ['email'], codeLength: 8, gate: true },
  mobilePhone: { type: 'phone', channels: phoneChannels, codeLength: 6, gate: true },
  officePhone: { type: 'phone', channels: ['voice'], codeLength: 6, gate: true },
  questions: { type: 'questions', channels: [], codeLength: 0, gate: true },
};

/** True for the methods that are contact data. */
export function isContactMethod(id: string): id is ContactMethodId {
  return (contactMethodIds as readonly string[]).includes(id);
}

/**
 * The channel a code for `id` goes by: the one asked for, else the first of `allowed` (the channels the policy
 * offers, by default all the method has); null when the asked channel is not the method's or not allowed.
 */
export function channelFor(
  id: MethodId,
  asked?: Channel,
  allowed: readonly Channel[] = methods[id].channels,
): Channel | null {
  const channel = asked ?? allowed[0];
  return channel && allowed.includes(channel) && methods[id].channels.includes(channel) ? channel : null;
}
