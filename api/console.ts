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

const resetCounts = z.object({
  started: z.number().int(),
  succeeded: z.number().int(),
  successRate: z.number(),
});
export const consoleOverviewAnswer = z.object({
  users: z.object({ total: z.number().int(), registered: z.number().int(), coverage: z.number() }),
  resets: z.object({ day: resetCounts, week: resetCounts }),
  blockedUsers: z.number().int(),
  directory: z.object({ ok: z.boolean() }),
  delivery: z.object({
    queued: z.number().int(),
    failedLastHour: z.number().int(),
    lastError: z.string().nullable(),
  }),
});

export const consoleUsersQuery = z.strictObject({
  /** A prefix of the user name or the display name, any case; empty lists everyone. */
  q: z.string().max(256).default(''),
  /** The last user name of the page before. */
  after: z.string().max(256).optional(),
});
export const consoleUserRow = z.object({
  username: z.string(),
  displayName: z.string(),
  privileged: z.boolean(),
  disabled: z.boolean(),
});
export const consoleUsersAnswer = z.object({ users: z.array(consoleUserRow), next: z.string().nullable() });
export const consoleUserAnswer = z.object({
  user: consoleUserRow.extend({ locked: z.boolean() }),
  /** Whether a reset can work for them today, and what registration still asks. */
  configured: z.boolean(),
  /** Every method on file, masked as the user sees it, with its source. */
  methods: z.array(
    z.object({
      id: z.string(),
      hint: z.string(),
      source: z.enum(['user', 'admin', 'directory']),
      verifiedAt: z.string().nullable(),
      usableForResetAt: z.string().nullable(),
    }),
  ),
  questionsRegistered: z.number().int(),
  /** What is blocked now: a method after failed attempts, or password attempts. */
  blocks: z.array(z.object({ what: z.string(), until: z.string() })),
  events: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      result: z.string(),
      detail: z.string(),
      method: z.string().nullable(),
      actor: z.string().nullable(),
    }),
  ),
});

const keyScope = z.enum(['admin', 'tickets']);
export const consoleKeySchema = z.object({
  id: z.string(),
  prefix: z.string(),
  scope: keyScope,
  name: z.string(),
  cidrs: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const consoleKeysAnswer = z.object({ keys: z.array(consoleKeySchema) });
export const consoleKeyCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: keyScope,
  /** Addresses the key may be used from (CIDR); none: anywhere. */
  cidrs: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
});
export const consoleKeyCreated = z.object({
  /** The secret, shown this once and never stored. */
  key: z.string(),
  id: z.string(),
});

export const consolePolicyPreviewAnswer = z.object({
  total: z.number().int(),
  /** Users who can reset under the policy now, and under the patched one. */
  registeredNow: z.number().int(),
  registeredAfter: z.number().int(),
});
export const consolePolicyHistoryAnswer = z.object({
  changes: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actor: z.string().nullable(),
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
});
