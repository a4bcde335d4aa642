// Problem codes and the RFC 9457 problem+json body every error answer uses.
import { z } from 'zod';

export const problemCodes = [
  'validation_failed',
  'unauthorized',
  'insufficient_scope',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'captcha_invalid',
  'flow_expired',
  'flow_used',
  'gate_required',
  'proof_mismatch',
  'invalid_code',
  'code_expired',
  'throttled',
  'send_paced',
  'password_rejected',
  'directory_unavailable',
  'directory_rejected',
  'unlock_not_applicable',
  'step_up_required',
  'registration_changed',
  'snooze_exhausted',
  'reset_disabled',
  'second_factor_required',
  'csrf_refused',
  'unavailable',
  'internal_error',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export const violationSchema = z.object({
  rule: z.enum(['length', 'common_password', 'banned_score', 'context_word', 'history', 'classes']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type Violation = z.infer<typeof violationSchema>;

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(problemCodes),
  detail: z.string().optional(),
  field: z.string().optional(),
  retryAfter: z.number().int().optional(),
  attemptsLeft: z.number().int().optional(),
  violations: z.array(violationSchema).optional(),
  gatesPassed: z.number().int().optional(),
  gatesRequired: z.number().int().optional(),
  next: z.enum(['verify', 'password']).optional(),
  scope: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;
