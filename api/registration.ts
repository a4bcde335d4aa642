// Request and response schemas of registration and tickets (API.md: Registration, Server to server).
import { z } from 'zod';
import { channels, contactMethodIds, phoneChannels } from './methods.ts';
import { codeSchema } from './reset.ts';

export const statusSchema = z.object({
  configured: z.boolean(),
  prompt: z.enum(['none', 'optional', 'required']),
  reconfirmDue: z.boolean(),
  methodsRegistered: z.number().int(),
  methodsRequired: z.number().int(),
  snoozesLeft: z.number().int(),
  snoozedUntil: z.iso.datetime().nullable(),
});
export type RegistrationStatus = z.infer<typeof statusSchema>;

export const sessionBody = z.union([
  z.strictObject({ username: z.string().min(1).max(256), password: z.string().min(1).max(1024) }),
  z.strictObject({ ticket: z.string().min(20).max(200) }),
]);
export const sessionAnswer = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: z.object({ displayName: z.string() }),
  status: statusSchema,
});

export const registeredMethodSchema = z.object({
  id: z.enum(contactMethodIds),
  type: z.enum(['email', 'phone']),
  hint: z.string(),
  verifiedAt: z.iso.datetime().nullable(),
  source: z.enum(['user', 'admin', 'directory']),
  usableForResetAt: z.iso.datetime().nullable(),
});
export const registrationAnswer = z.object({
  status: statusSchema,
  methods: z.array(registeredMethodSchema),
  questions: z.object({ registered: z.number().int(), required: z.number().int() }),
});

const contactMethod = z.enum(contactMethodIds);
export const stepUpBody = z.strictObject({
  method: contactMethod,
  channel: z.enum(channels).optional(),
});
export const stepUpAnswer = z.object({
  method: z.string(),
  expiresAt: z.iso.datetime(),
  codeLength: z.number().int(),
});
export const stepUpVerifyBody = z.strictObject({ method: contactMethod, code: codeSchema });

export const addMethodBody = z.union([
  z.strictObject({ id: z.literal('alternateEmail'), email: z.email().max(254) }),
  z.strictObject({
    id: z.literal('mobilePhone'),
    phone: z.string().min(3).max(32),
    channel: z.enum(phoneChannels).default('sms'),
  }),
  z.strictObject({ id: z.literal('officePhone'), phone: z.string().min(3).max(32) }),
]);
export const addMethodAnswer = z.object({
  pendingId: z.string(),
  expiresAt: z.iso.datetime(),
  codeLength: z.number().int(),
});
export const verifyMethodBody = z.strictObject({ pendingId: z.uuid(), code: codeSchema });

export const questionsBody = z.strictObject({
  answers: z
    .array(z.strictObject({ questionId: z.string().max(64), answer: z.string().max(200) }))
    .min(1)
    .max(20),
});
export const questionsAnswer = z.object({
  questions: z.object({ registered: z.number().int(), required: z.number().int() }),
});

export const ticketBody = z.strictObject({ username: z.string().min(1).max(256) });
export const ticketAnswer = z.object({
  ticket: z.string(),
  expiresAt: z.iso.datetime(),
  status: statusSchema,
});
