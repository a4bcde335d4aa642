// The console's calls to its service: same origin, the session cookie, and the console header every call must carry
// (server/http/auth.ts refuses any other); paths from api/endpoints.ts, answers typed by the route table.
import type { z } from 'zod';
import type { auditAnswer } from '../../api/admin.ts';
import type {
  consoleKeysAnswer,
  consoleMeAnswer,
  consoleOverviewAnswer,
  consoleSignInAnswer,
  consoleUserAnswer,
  consoleUsersAnswer,
} from '../../api/console.ts';
import type { Endpoint } from '../../api/endpoints.ts';
import * as e from '../../api/endpoints.ts';
import type { ChallengeSentAnswer } from '../../api/reset.ts';

export type Me = z.infer<typeof consoleMeAnswer>;
export type SignInAnswer = z.infer<typeof consoleSignInAnswer>;
export type OverviewAnswer = z.infer<typeof consoleOverviewAnswer>;
export type UsersAnswer = z.infer<typeof consoleUsersAnswer>;
export type UserAnswer = z.infer<typeof consoleUserAnswer>;
export type AuditAnswer = z.infer<typeof auditAnswer>;
export type KeysAnswer = z.infer<typeof consoleKeysAnswer>;

/** A failed call: its problem code (and the figures the page words), or `network_error`. */
export interface ConsoleProblem {
  status: number;
  code: string;
  title?: string;
  attemptsLeft?: number;
  retryAfter?: number;
  /** Which field was refused and why (422). */
  field?: string;
  detail?: string;
}
export type Result<T> = { ok: true; data: T } | { ok: false; problem: ConsoleProblem };

async function call<T>(ep: Endpoint, body?: unknown, path = ep.path): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: ep.method.toUpperCase(),
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        Accept: 'application/json',
        'X-Regain-Console': '1',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return { ok: false, problem: { status: 0, code: 'network_error' } };
  }
  const parsed: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: parsed as T };
  const p = (parsed ?? {}) as Partial<ConsoleProblem>;
  return {
    ok: false,
    problem: {
      status: res.status,
      code: typeof p.code === 'string' ? p.code : 'unavailable',
      ...(typeof p.title === 'string' ? { title: p.title } : {}),
      ...(typeof p.attemptsLeft === 'number' ? { attemptsLeft: p.attemptsLeft } : {}),
      ...(typeof p.retryAfter === 'number' ? { retryAfter: p.retryAfter } : {}),
      ...(typeof p.field === 'string' ? { field: p.field } : {}),
      ...(typeof p.detail === 'string' ? { detail: p.detail } : {}),
    },
  };
}

export const consoleApi = {
  me: () => call<{ me: Me | null }>(e.consoleMe),
  signIn: (username: string, password: string) => call<SignInAnswer>(e.consoleSignIn, { username, password }),
  challenge: (challenge: string, method: string) =>
    call<ChallengeSentAnswer>(e.consoleSignInChallenge, { challenge, method }),
  verify: (challenge: string, method: string, code: string) =>
    call<Me>(e.consoleSignInVerify, { challenge, method, code }),
  signOut: () => call<null>(e.consoleSignOut, {}),
  overview: () => call<OverviewAnswer>(e.consoleOverview),
  users: (q: string, after?: string) =>
    call<UsersAnswer>(
      e.consoleUsers,
      undefined,
      `${e.consoleUsers.path}?${new URLSearchParams({ q, ...(after ? { after } : {}) })}`,
    ),
  user: (username: string) =>
    call<UserAnswer>(e.consoleUser, undefined, userPath(e.consoleUser.path, username)),
  audit: (filters: Record<string, string>) =>
    call<AuditAnswer>(e.consoleAudit, undefined, `${e.consoleAudit.path}?${new URLSearchParams(filters)}`),
  /** The same page of the audit as CSV, for a download. */
  auditCsv: async (filters: Record<string, string>): Promise<Blob | null> => {
    const res = await fetch(`${e.consoleAudit.path}?${new URLSearchParams(filters)}`, {
      credentials: 'same-origin',
      headers: { Accept: 'text/csv', 'X-Regain-Console': '1' },
    }).catch(() => null);
    return res?.ok ? res.blob() : null;
  },
  policy: () => call<unknown>(e.consolePolicy),
  patchPolicy: (patch: unknown) => call<unknown>(e.consolePolicyPatch, patch),
  previewPolicy: (patch: unknown) =>
    call<{ total: number; registeredNow: number; registeredAfter: number }>(e.consolePolicyPreview, patch),
  policyHistory: () =>
    call<{ changes: { id: string; at: string; actor: string | null; before: unknown; after: unknown }[] }>(
      e.consolePolicyHistory,
    ),
  revertPolicy: (id: string) =>
    call<unknown>(
      e.consolePolicyRevert,
      {},
      e.consolePolicyRevert.path.replace('{id}', encodeURIComponent(id)),
    ),
  keys: () => call<KeysAnswer>(e.consoleKeys),
  createKey: (name: string, scope: 'admin' | 'tickets', cidrs: string[]) =>
    call<{ id: string; key: string }>(e.consoleKeyCreate, { name, scope, cidrs }),
  revokeKey: (id: string) => call<null>(e.consoleKeyRevoke, {}, e.consoleKeyRevoke.path.replace('{id}', id)),
  setContact: (username: string, body: Record<string, string | null>) =>
    call<UserAnswer>(e.consoleUserContact, body, userPath(e.consoleUserContact.path, username)),
  revokeOpen: (username: string) =>
    call<null>(e.consoleUserRevoke, {}, userPath(e.consoleUserRevoke.path, username)),
  unblock: (username: string) =>
    call<null>(e.consoleUserUnblock, {}, userPath(e.consoleUserUnblock.path, username)),
};

const userPath = (path: string, username: string) => path.replace('{username}', encodeURIComponent(username));
