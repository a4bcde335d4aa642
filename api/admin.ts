// Admin API schemas (API.md, Admin): contact data, user view, audit queries.
import { z } from 'zod';

export const contactBody = z.strictObject({
  alternateEmail: z.email().max(254).nullable().optional(),
  mobilePhone: z.string().max(32).nullable().optional(),
  officePhone: z.string().max(32).nullable().optional(),
});

export const adminUserAnswer = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  privileged: z.boolean(),
  disabled: z.boolean(),
  locked: z.boolean(),
  groups: z.array(z.string()),
  contact: z.array(
    z.object({
      id: z.string(),
      value: z.string(),
      source: z.enum(['user', 'admin', 'directory']),
      verifiedAt: z.string().nullable(),
      usableForResetAt: z.string().nullable(),
    }),
  ),
  questionsRegistered: z.number().int(),
  configured: z.boolean(),
});

export const auditResults = [
  'succeeded',
  'failed',
  'blocked',
  'abandoned',
  'cancelled',
  'contactedAdmin',
] as const;
// PostgreSQL has no year 0 and a bigint audit id; such values are the client's error, not the database's.
const auditTime = z.iso.datetime().refine((s) => !s.startsWith('0000'), 'year 0000 is not a valid date');
export const auditQuery = z.strictObject({
  from: auditTime.optional(),
  to: auditTime.optional(),
  kind: z
    .string()
    .regex(/^[a-z][a-z_]{0,63}$/)
    .optional(),
  user: z.string().max(256).optional(),
  result: z.enum(auditResults).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .refine((s) => /^\d{1,19}$/.test(s) && BigInt(s) <= 9_223_372_036_854_775_807n, 'cursor out of range')
    .optional(),
});
export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  actor: z.string().nullable(),
  user: z.string().nullable(),
  subjectHmac: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  method: z.string().nullable(),
  result: z.enum(auditResults),
  detail: z.string(),
  data: z.unknown().nullable(),
});
export const auditAnswer = z.object({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() });
export type AuditEvent = z.infer<typeof auditEventSchema>;
