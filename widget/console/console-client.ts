// The console's calls to its service: same origin, the session cookie, and the console header every call must carry
// (server/http/auth.ts refuses any other); paths from api/endpoints.ts, answers typed by the route table.
import type { Endpoint } from '../../api/endpoints.ts';
import * as e from '../../api/endpoints.ts';
import type { AnswerOf } from '../api/client.ts';

export type Me = NonNullable<AnswerOf<'consoleMe'>['me']>;
export type SignInAnswer = AnswerOf<'consoleSignIn'>;
export type OverviewAnswer = AnswerOf<'consoleOverview'>;
export type UsersAnswer = AnswerOf<'consoleUsers'>;
export type UserAnswer = AnswerOf<'consoleUser'>;
export type AuditAnswer = AnswerOf<'consoleAudit'>;
export type KeysAnswer = AnswerOf<'consoleKeys'>;
export type PreviewAnswer = AnswerOf<'consolePolicyPreview'>;
export type HistoryAnswer = AnswerOf<'consolePolicyHistory'>;

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

/**
 * One call, its answer typed by the route table; `params` fill the path's `{placeholders}`, `query` its search.
 */
async function call<N extends keyof typeof e>(
  ep: Endpoint & { name: N },
  body?: unknown,
  o: { params?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<Result<AnswerOf<N>>> {
  const query = o.query ? `?${new URLSearchParams(o.query)}` : '';
  const path =
    ep.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(o.params?.[k] ?? '')) + query;
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
  if (res.ok) return { ok: true, data: parsed as AnswerOf<N> };
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
  me: () => call(e.consoleMe),
  signIn: (username: string, password: string) => call(e.consoleSignIn, { username, password }),
  challenge: (challenge: string, method: string) => call(e.consoleSignInChallenge, { challenge, method }),
  verify: (challenge: string, method: string, code: string) =>
    call(e.consoleSignInVerify, { challenge, method, code }),
  signOut: () => call(e.consoleSignOut, {}),
  overview: () => call(e.consoleOverview),
  users: (q: string, after?: string) =>
    call(e.consoleUsers, undefined, { query: { q, ...(after ? { after } : {}) } }),
  user: (username: string) => call(e.consoleUser, undefined, { params: { username } }),
  audit: (filters: Record<string, string>) => call(e.consoleAudit, undefined, { query: filters }),
  /** The same page of the audit as CSV, for a download. */
  auditCsv: async (filters: Record<string, string>): Promise<Blob | null> => {
    const res = await fetch(`${e.consoleAudit.path}?${new URLSearchParams(filters)}`, {
      credentials: 'same-origin',
      headers: { Accept: 'text/csv', 'X-Regain-Console': '1' },
    }).catch(() => null);
    return res?.ok ? res.blob() : null;
  },
  policy: () => call(e.consolePolicy),
  patchPolicy: (patch: unknown) => call(e.consolePolicyPatch, patch),
  previewPolicy: (patch: unknown) => call(e.consolePolicyPreview, patch),
  policyHistory: () => call(e.consolePolicyHistory),
  revertPolicy: (id: string) => call(e.consolePolicyRevert, {}, { params: { id } }),
  keys: () => call(e.consoleKeys),
  createKey: (name: string, scope: 'admin' | 'tickets', cidrs: string[]) =>
    call(e.consoleKeyCreate, { name, scope, cidrs }),
  revokeKey: (id: string) => call(e.consoleKeyRevoke, {}, { params: { id } }),
  setContact: (username: string, body: Record<string, string | null>) =>
    call(e.consoleUserContact, body, { params: { username } }),
  revokeOpen: (username: string) => call(e.consoleUserRevoke, {}, { params: { username } }),
  unblock: (username: string) => call(e.consoleUserUnblock, {}, { params: { username } }),
};
