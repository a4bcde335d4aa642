// The admin console's sign-in and session: password, then a code to one of the admin's own methods, then a cookie.
import { z } from 'zod';
import { channels, contactMethodIds } from './methods.ts';
import { challengeSentAnswer, codeSchema, resetMethodSchema } from './reset.ts';

export const consoleRoles = ['admin', 'helpdesk'] as const;
const challenge = z.string().min(1).max(128);

export const consoleSignInBody = z.strictObject({
  username: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export const consoleSignInAnswer = z.object({
  /** The sign-in's token, for the two calls that finish it (10 minutes). */
  challenge: z.string(),
  expiresAt: z.string(),
  role: z.enum(consoleRoles),
  /** The admin's own methods, masked as a reset shows them. */
  methods: z.array(resetMethodSchema),
});
export const consoleChallengeBody = z.strictObject({
  challenge,
  method: z.enum(contactMethodIds),
  channel: z.enum(channels).optional(),
});
export const consoleChallengeAnswer = challengeSentAnswer;
export const consoleVerifyBody = z.strictObject({
  challenge,
  method: z.enum(contactMethodIds),
  code: codeSchema,
});
export const consoleMeAnswer = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(consoleRoles),
  /** When the session ends if nothing happens before (idle 30 minutes, 8 hours at most). */
  expiresAt: z.string(),
});
