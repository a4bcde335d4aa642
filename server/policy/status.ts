// Registration status: configured, the prompt to show, reconfirmation and snoozes, from the policy and stored state.
import { enabledMethods, methodsRequired, type Policy } from '../../api/policy.ts';
import type { RegistrationStatus } from '../../api/registration.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import type { Queryable } from '../store/db.ts';
import { type AuthData, decoyReason, loadAuthData, resetMethodIds, wellFormed } from './auth-data.ts';

export interface RegistrationState {
  version: number;
  confirmedAt: Date | null;
  snoozesUsed: number;
  snoozedUntil: Date | null;
  /** When the data last changed: the latest verification or question registration. */
  lastChangedAt: Date | null;
}

const day = 86_400_000;

/** Reads the stored state; `forUpdate` locks the row (created on first use) for a write in the same transaction. */
export async function loadState(q: Queryable, userId: string, forUpdate = false): Promise<RegistrationState> {
  if (forUpdate)
    await q.query('INSERT INTO registration_state (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING', [
      userId,
    ]);
  const [row] = await q.query<{
    version: string | number;
    confirmed_at: Date | null;
    snoozes_used: number;
    snoozed_until: Date | null;
    last_changed: Date | null;
  }>(
    `SELECT s.version, s.confirmed_at, s.snoozes_used, s.snoozed_until,
       GREATEST((SELECT max(verified_at) FROM contact_methods WHERE user_id = $1 AND source = 'user'),
                (SELECT max(created_at) FROM security_answers WHERE user_id = $1)) AS last_changed
     ${
       // FOR UPDATE cannot lock the nullable side of an outer join; the row exists once inserted above.
       forUpdate
         ? 'FROM registration_state s WHERE s.user_id = $1::uuid FOR UPDATE'
         : 'FROM (SELECT $1::uuid AS user_id) u LEFT JOIN registration_state s ON s.user_id = u.user_id'
     }`,
    [userId],
  );
  return {
    version: Number(row?.version ?? 0),
    confirmedAt: row?.confirmed_at ?? null,
    snoozesUsed: row?.snoozes_used ?? 0,
    snoozedUntil: row?.snoozed_until ?? null,
    lastChangedAt: row?.last_changed ?? null,
  };
}

/** How many enabled methods hold well-formed data (questions count once enough are registered). */
export function methodsRegistered(p: Policy, d: AuthData): number {
  return enabledMethods(p).filter((id) =>
    id === 'questions'
      ? d.questionIds.length >= p.methods.questions.toRegister
      : Boolean(d.contacts[id] && wellFormed(d.contacts[id])),
  ).length;
}

export function computeStatus(
  p: Policy,
  user: DirectoryUser,
  d: AuthData,
  s: RegistrationState,
  now: number,
): RegistrationStatus {
  const registered = methodsRegistered(p, d);
  const required = methodsRequired(p);
  const configured = decoyReason(p, user, resetMethodIds(p, user, d, now)) === undefined;
  const baseline = [s.confirmedAt, s.lastChangedAt].reduce<number>(
    (a, b) => Math.max(a, b?.getTime() ?? 0),
    0,
  );
  const reconfirmDue =
    p.registration.reconfirmDays > 0 && baseline > 0 && now >= baseline + p.registration.reconfirmDays * day;
  const snoozesLeft = Math.max(0, p.registration.maxSnoozes - s.snoozesUsed);
  const snoozing = s.snoozedUntil !== null && s.snoozedUntil.getTime() > now;
  const needed = registered < required || reconfirmDue;
  // Azure prompts only when registration is enforced; a running snooze silences it, used-up snoozes make it required.
  const prompt: RegistrationStatus['prompt'] =
    !p.registration.enforced || !needed || snoozing ? 'none' : snoozesLeft > 0 ? 'optional' : 'required';
  return {
    configured,
    prompt,
    reconfirmDue,
    methodsRegistered: registered,
    methodsRequired: required,
    snoozesLeft,
    snoozedUntil: snoozing ? s.snoozedUntil!.toISOString() : null,
  };
}

export async function statusOf(
  q: Queryable,
  p: Policy,
  user: DirectoryUser,
  now: number,
): Promise<RegistrationStatus> {
  return computeStatus(p, user, await loadAuthData(q, user.id), await loadState(q, user.id), now);
}
