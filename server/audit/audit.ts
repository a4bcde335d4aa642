// Audit events with Azure's result taxonomy and stable detail codes; never a secret, unknown names only as HMACs.
import type { Queryable, SqlValue } from '../store/db.ts';

export type AuditResult = 'succeeded' | 'failed' | 'blocked' | 'abandoned' | 'cancelled' | 'contactedAdmin';

/** Stable detail codes; reports and tests match on these, never on prose. */
export type AuditDetail =
  | 'reset_started'
  | 'reset_throttled'
  | 'captcha_failed'
  | 'unknown_user'
  | 'not_configured'
  | 'not_in_scope'
  | 'disabled_account'
  | 'excluded_privileged'
  | 'reset_disabled'
  | 'code_sent'
  | 'send_paced'
  | 'send_budget_exhausted'
  | 'proof_mismatch'
  | 'code_invalid'
  | 'code_expired'
  | 'method_blocked'
  | 'gate_passed'
  | 'questions_asked'
  | 'questions_failed'
  | 'password_rejected'
  | 'directory_rejected'
  | 'writeback_failed'
  | 'password_reset'
  | 'account_unlocked'
  | 'flow_cancelled'
  | 'password_changed'
  | 'password_change_failed'
  | 'policy_changed'
  | 'contact_changed'
  | 'user_added'
  | 'user_unblocked'
  | 'sessions_revoked'
  | 'key_created'
  | 'key_revoked'
  | 'session_opened'
  | 'session_failed'
  | 'session_closed'
  | 'step_up_passed'
  | 'method_registered'
  | 'method_removed'
  | 'questions_registered'
  | 'registration_confirmed'
  | 'registration_snoozed'
  | 'ticket_issued'
  | 'delivery_failed'
  | 'delivery_expired';

export interface AuditEventInput {
  at: number;
  kind: string;
  result: AuditResult;
  detail: AuditDetail;
  actor?: string | null;
  userId?: string | null;
  subjectHmac?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  method?: string | null;
  data?: unknown;
}

export async function audit(q: Queryable, e: AuditEventInput): Promise<void> {
  const { sql, params } = auditInsert(e);
  await q.query(sql, params);
}

/**
 * The INSERT of one event with its parameters numbered from `first`, for a caller that writes the event in the
 * same statement as its own change (a CTE), saving a round trip on hot paths such as the reset start.
 */
export function auditInsert(e: AuditEventInput, first = 1): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [
    new Date(e.at),
    e.kind,
    e.actor ?? null,
    e.userId ?? null,
    e.subjectHmac ?? null,
    e.ip ?? null,
    e.userAgent?.slice(0, 512) ?? null,
    e.method ?? null,
    e.result,
    e.detail,
    e.data === undefined ? null : JSON.stringify(e.data),
  ];
  const slots = params.map((_, i) => `$${first + i}`).join(', ');
  return {
    sql: `INSERT INTO audit (at, kind, actor, user_id, subject_hmac, ip, user_agent, method, result, detail, data) VALUES (${slots})`,
    params,
  };
}
