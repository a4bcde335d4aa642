// A user's authentication data as the policy sees it: effective contact values, registered questions, scope.
import { type ContactMethodId, contactMethodIds } from '../../api/methods.ts';
import type { MethodId, Policy } from '../../api/policy.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import type { Queryable } from '../store/db.ts';
import { toE164 } from './phone.ts';

export type { ContactMethodId };
export type ContactSource = 'user' | 'admin' | 'directory';

export interface Contact {
  id: ContactMethodId;
  value: string;
  source: ContactSource;
  verifiedAt: Date | null;
  usableForResetAt: Date | null;
}

export interface AuthData {
  contacts: Partial<Record<ContactMethodId, Contact>>;
  questionIds: string[];
  /** Questions registered in a stepped-up session gate a reset only from this time on. */
  questionsUsableForResetAt: Date | null;
}

const precedence: Record<ContactSource, number> = { user: 0, admin: 1, directory: 2 };
// The nil uuid: decoys run the same queries as real users against an id that matches nothing.
export const nobody = '00000000-0000-0000-0000-000000000000';

/** Loads contact data (highest-precedence source that counts) and the registered question ids. */
export async function loadAuthData(q: Queryable, userId: string | null): Promise<AuthData> {
  const id = userId ?? nobody;
  // One round trip for both tables: contact rows, then question rows (method NULL), in one result.
  const all = await q.query<{
    method: ContactMethodId | null;
    source: ContactSource;
    value: string;
    verified_at: Date | null;
    usable_for_reset_at: Date | null;
  }>(
    `SELECT method, source, value, verified_at, usable_for_reset_at FROM contact_methods WHERE user_id = $1
     UNION ALL
     SELECT NULL, 'user', question_id, NULL, usable_for_reset_at FROM security_answers WHERE user_id = $1`,
    [id],
  );
  const rows = all.filter((r): r is typeof r & { method: ContactMethodId } => r.method !== null);
  const answers = all
    .filter((r) => r.method === null)
    .map((r) => ({ question_id: r.value, usable_for_reset_at: r.usable_for_reset_at }))
    .sort((a, b) => (a.question_id < b.question_id ? -1 : a.question_id > b.question_id ? 1 : 0));
  const contacts: AuthData['contacts'] = {};
  // Data a user typed counts only once verified by a code; admin and directory data count as given (Azure).
  for (const r of rows.sort((a, b) => precedence[a.source] - precedence[b.source])) {
    if (contacts[r.method] || (r.source === 'user' && !r.verified_at)) continue;
    contacts[r.method] = {
      id: r.method,
      value: r.value,
      source: r.source,
      verifiedAt: r.verified_at,
      usableForResetAt: r.usable_for_reset_at,
    };
  }
  const usable = answers.reduce<number>((m, a) => Math.max(m, a.usable_for_reset_at?.getTime() ?? 0), 0);
  return {
    contacts,
    questionIds: answers.map((a) => a.question_id),
    questionsUsableForResetAt: usable ? new Date(usable) : null,
  };
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Azure's "well-formed": the field holds data the method can use. */
export function wellFormed(c: Contact): boolean {
  return c.id === 'alternateEmail' ? emailShape.test(c.value) : toE164(c.value) === c.value;
}

export function isPrivileged(p: Policy, u: DirectoryUser): boolean {
  return u.privileged || u.groups.some((g) => p.privileged.groups.includes(g));
}

export function inScope(p: Policy, u: DirectoryUser): boolean {
  if (p.reset.enabled === 'none') return false;
  return p.reset.enabled === 'all' || u.groups.includes(p.reset.group ?? '');
}

/** Gates this user must pass: the policy's number, two for privileged users under `twoGates`. */
export function gatesNeeded(p: Policy, u: DirectoryUser): number {
  return isPrivileged(p, u) ? 2 : p.reset.gatesRequired;
}

/**
 * Methods this user can use at reset now. Questions only under a two-gate policy and never for privileged users;
 * contact data added in a stepped-up registration session waits for its usableForResetAt.
 */
export function resetMethodIds(p: Policy, u: DirectoryUser, d: AuthData, now: number): MethodId[] {
  const out: MethodId[] = [];
  for (const id of contactMethodIds) {
    const c = d.contacts[id];
    if (!p.methods[id].enabled || !c || !wellFormed(c)) continue;
    if (c.usableForResetAt && c.usableForResetAt.getTime() > now) continue;
    out.push(id);
  }
  const q = p.methods.questions;
  const waiting = d.questionsUsableForResetAt && d.questionsUsableForResetAt.getTime() > now;
  if (
    q.enabled &&
    p.reset.gatesRequired === 2 &&
    !isPrivileged(p, u) &&
    d.questionIds.length >= q.toReset &&
    !waiting
  )
    out.push('questions');
  return out;
}

/** Why a user gets a decoy flow, or undefined when the user can reset. */
export function decoyReason(
  p: Policy,
  u: DirectoryUser | null,
  methods: MethodId[],
):
  | 'unknown_user'
  | 'disabled_account'
  | 'not_in_scope'
  | 'excluded_privileged'
  | 'not_configured'
  | undefined {
  if (!u) return 'unknown_user';
  if (u.disabled) return 'disabled_account';
  if (!inScope(p, u)) return 'not_in_scope';
  if (isPrivileged(p, u) && p.privileged.handling === 'excluded') return 'excluded_privileged';
  if (methods.length < gatesNeeded(p, u)) return 'not_configured';
  return undefined;
}
