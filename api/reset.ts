// Request and response schemas of the reset flow, the public calls and password calls (API.md: Public, Reset flow).
import { z } from 'zod';
import { channels, contactMethodIds, methodIds, methodTypes, phoneChannels } from './methods.ts';

const username = z.string().min(1).max(256);
const locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  .max(35);
export const codeSchema = z.string().regex(/^\d{6,10}$/, 'digits only');
const password = z.string().min(1).max(1024);

export const resetMethodSchema = z.object({
  id: z.enum(methodIds),
  type: z.enum(methodTypes),
  hint: z.string(),
  channels: z.array(z.enum(phoneChannels)).optional(),
});
export type ResetMethod = z.infer<typeof resetMethodSchema>;

export const startResetBody = z.strictObject({
  username,
  captcha: z.string().max(8192),
  locale: locale.optional(),
});
export const startResetAnswer = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  gatesRequired: z.number().int(),
  gatesPassed: z.literal(0),
  methods: z.array(resetMethodSchema),
});

export const challengeBody = z.strictObject({
  method: z.enum(methodIds),
  channel: z.enum(channels).optional(),
  proof: z.string().max(64).optional(),
});
export const challengeSentAnswer = z.object({
  method: z.string(),
  channel: z.enum(channels),
  expiresAt: z.iso.datetime(),
  codeLength: z.number().int(),
  resendAfter: z.number().int(),
});
export const questionsAnswer = z.object({
  method: z.literal('questions'),
  questions: z.array(z.object({ id: z.string(), text: z.string() })),
});

export const verifyBody = z.union([
  z.strictObject({ method: z.enum(contactMethodIds), code: codeSchema }),
  z.strictObject({
    method: z.literal('questions'),
    answers: z
      .array(z.strictObject({ id: z.string().max(64), answer: z.string().max(200) }))
      .min(1)
      .max(5),
  }),
]);
export const verifyAnswer = z.object({
  gatesPassed: z.number().int(),
  gatesRequired: z.number().int(),
  next: z.enum(['verify', 'password']),
  methods: z.array(resetMethodSchema),
  unlockAvailable: z.boolean(),
});

export const setPasswordBody = z.strictObject({ password });
export const setPasswordAnswer = z.object({ status: z.literal('reset'), unlocked: z.boolean() });
export const unlockAnswer = z.object({ status: z.literal('unlocked') });

export const passwordCheckBody = z.strictObject({ password, username: username.optional() });
export const passwordCheckAnswer = z.object({
  accepted: z.boolean(),
  violations: z.array(
    z.object({
      rule: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      message: z.string(),
    }),
  ),
});
export const passwordChangeBody = z.strictObject({
  username,
  currentPassword: password,
  newPassword: password,
  locale: locale.optional(),
});
export const passwordChangeAnswer = z.object({ status: z.literal('changed') });

export const configAnswer = z.object({
  organization: z.object({
    name: z.string(),
    logoUrl: z.string().optional(),
    helpdesk: z.object({ url: z.string().optional(), email: z.string().optional() }),
  }),
  reset: z.object({ enabled: z.boolean(), gatesRequired: z.number().int(), unlockEnabled: z.boolean() }),
  registration: z.object({
    enforced: z.boolean(),
    reconfirmDays: z.number().int(),
    methodsRequired: z.number().int(),
    snoozeDays: z.number().int(),
    maxSnoozes: z.number().int(),
    questions: z.object({
      toRegister: z.number().int(),
      toReset: z.number().int(),
      catalog: z.array(z.object({ id: z.string(), text: z.string() })),
    }),
  }),
  methods: z.array(z.string()),
  password: z.object({
    minLength: z.number().int(),
    maxLength: z.number().int(),
    rules: z.array(z.object({ rule: z.string(), params: z.record(z.string(), z.unknown()) })),
  }),
  captcha: z.object({
    kind: z.enum(['altcha', 'turnstile', 'hcaptcha', 'none']),
    siteKey: z.string().optional(),
  }),
  locales: z.array(z.string()),
  strings: z.record(z.string(), z.string()).optional(),
});

export type StartResetAnswer = z.infer<typeof startResetAnswer>;
export type VerifyAnswer = z.infer<typeof verifyAnswer>;
export type ConfigAnswer = z.infer<typeof configAnswer>;
export type ChallengeSentAnswer = z.infer<typeof challengeSentAnswer>;
