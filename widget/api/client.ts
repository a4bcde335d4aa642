// The widget's HTTP client for API v1: typed from api/ (types only, no zod), Bearer tokens, Accept-Language, problem codes.
import type { ProblemCode, Violation } from '../../api/problems.ts';
import type { ConfigAnswer, ResetMethod, StartResetAnswer, VerifyAnswer } from '../../api/reset.ts';
import type { AltchaChallenge } from '../captcha/solve-altcha.ts';

export type { ConfigAnswer, ResetMethod, StartResetAnswer, VerifyAnswer, Violation };
export type MethodId = ResetMethod['id'];
export type Channel = 'email' | 'sms' | 'voice';

/** A failed call: the problem's stable code, or `network_error` when no answer came. */
export interface ApiProblem {
  status: number;
  code: ProblemCode | 'network_error';
  retryAfter?: number;
  attemptsLeft?: number;
  violations?: Violation[];
  field?: string;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; problem: ApiProblem };

export interface CodeSent {
  method: string;
  channel: Channel;
  expiresAt: string;
  codeLength: number;
  resendAfter: number;
}
export interface QuestionsDrawn {
  method: 'questions';
  questions: { id: string; text: string }[];
}
export interface PasswordVerdict {
  accepted: boolean;
  violations: { rule: string; params: Record<string, string | number>; message: string }[];
}
export type VerifyBody =
  | { method: Exclude<MethodId, 'questions'>; code: string }
  | { method: 'questions'; answers: { id: string; answer: string }[] };

/** Every call the widget's flows make; tests pass a fake with the same shape. */
export interface RegainClient {
  config(): Promise<ApiResult<ConfigAnswer>>;
  captcha(): Promise<ApiResult<AltchaChallenge | null>>;
  startReset(body: {
    username: string;
    captcha: string;
    locale?: string;
  }): Promise<ApiResult<StartResetAnswer>>;
  challenge(
    token: string,
    body: { method: MethodId; channel?: Channel; proof?: string },
  ): Promise<ApiResult<CodeSent | QuestionsDrawn>>;
  verify(token: string, body: VerifyBody): Promise<ApiResult<VerifyAnswer>>;
  setPassword(token: string, password: string): Promise<ApiResult<{ status: 'reset'; unlocked: boolean }>>;
  unlock(token: string): Promise<ApiResult<{ status: 'unlocked' }>>;
  cancel(token: string): Promise<ApiResult<null>>;
  checkPassword(
    body: { password: string; username?: string },
    token?: string,
    signal?: AbortSignal,
  ): Promise<ApiResult<PasswordVerdict>>;
}

export interface ClientOptions {
  /** The service's origin, e.g. `https://reset.example.org`. */
  api: string;
  /** Sent as Accept-Language so the server answers in the user's language. */
  locale?: string;
  fetch?: typeof fetch;
}

/** Creates a client that never throws: every outcome is an ApiResult. */
export function createClient(o: ClientOptions): RegainClient {
  const base = o.api.replace(/\/+$/, '');
  const doFetch = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const call = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    token?: string,
    signal?: AbortSignal,
  ): Promise<ApiResult<T>> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (o.locale) headers['Accept-Language'] = o.locale;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method,
        headers,
        credentials: 'omit',
        cache: 'no-store',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      return { ok: false, problem: { status: 0, code: 'network_error' } };
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (res.ok) return { ok: true, status: res.status, data: parsed as T };
    const p = (parsed ?? {}) as Partial<ApiProblem>;
    return {
      ok: false,
      problem: {
        status: res.status,
        code: typeof p.code === 'string' ? p.code : res.status >= 500 ? 'unavailable' : 'validation_failed',
        ...(typeof p.retryAfter === 'number' ? { retryAfter: p.retryAfter } : {}),
        ...(typeof p.attemptsLeft === 'number' ? { attemptsLeft: p.attemptsLeft } : {}),
        ...(Array.isArray(p.violations) ? { violations: p.violations } : {}),
        ...(typeof p.field === 'string' ? { field: p.field } : {}),
      },
    };
  };
  return {
    config: () => call('GET', '/v1/config'),
    captcha: () => call('GET', '/v1/captcha'),
    startReset: (body) => call('POST', '/v1/reset', body),
    challenge: (token, body) => call('POST', '/v1/reset/challenge', body, token),
    verify: (token, body) => call('POST', '/v1/reset/verify', body, token),
    setPassword: (token, password) => call('POST', '/v1/reset/password', { password }, token),
    unlock: (token) => call('POST', '/v1/reset/unlock', {}, token),
    cancel: (token) => call('POST', '/v1/reset/cancel', {}, token),
    checkPassword: (body, token, signal) => call('POST', '/v1/password/check', body, token, signal),
  };
}
