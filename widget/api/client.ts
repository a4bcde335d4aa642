// The widget's HTTP client for API v1: typed from api/ (types only, no zod), Bearer tokens, Accept-Language, problem codes.

// Types only: `typeof schema` is erased, so no zod reaches the widget bundle.
import type { z } from 'zod';
import type { Channel, ContactMethodId, MethodId, PhoneChannel } from '../../api/methods.ts';
import type { ProblemCode, Violation } from '../../api/problems.ts';
import type {
  addMethodAnswer,
  RegistrationStatus,
  registeredMethodSchema,
  registrationAnswer,
  sessionAnswer,
  stepUpAnswer,
} from '../../api/registration.ts';
import type { ConfigAnswer, ResetMethod, StartResetAnswer, VerifyAnswer } from '../../api/reset.ts';
import type { AltchaChallenge } from '../captcha/solve-altcha.ts';

export type { ConfigAnswer, RegistrationStatus, ResetMethod, StartResetAnswer, VerifyAnswer, Violation };
export type SessionAnswer = z.infer<typeof sessionAnswer>;
export type RegisteredMethod = z.infer<typeof registeredMethodSchema>;
export type { Channel, ContactMethodId, MethodId, PhoneChannel };
/** GET /v1/registration with the `ETag` that writes quote back as `If-Match` (null when the server sent none). */
export type Registration = z.infer<typeof registrationAnswer> & { etag: string | null };
export type StepUpSent = z.infer<typeof stepUpAnswer>;
export type PendingMethod = z.infer<typeof addMethodAnswer>;
export type AddMethodBody =
  | { id: 'alternateEmail'; email: string }
  | { id: 'mobilePhone'; phone: string; channel: PhoneChannel }
  | { id: 'officePhone'; phone: string };
export interface QuestionsCount {
  registered: number;
  required: number;
}

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
  /** `401 unauthorized` for an unknown user and a wrong password alike. */
  changePassword(body: {
    username: string;
    currentPassword: string;
    newPassword: string;
    locale?: string;
  }): Promise<ApiResult<{ status: 'changed' }>>;
  openSession(
    body: { username: string; password: string } | { ticket: string },
  ): Promise<ApiResult<SessionAnswer>>;
  registration(token: string): Promise<ApiResult<Registration>>;
  stepUp(token: string, body: { method: ContactMethodId; channel?: Channel }): Promise<ApiResult<StepUpSent>>;
  stepUpVerify(
    token: string,
    body: { method: ContactMethodId; code: string },
  ): Promise<ApiResult<{ steppedUp: true }>>;
  addMethod(token: string, body: AddMethodBody): Promise<ApiResult<PendingMethod>>;
  // Writes below take the last ETag as `ifMatch`; a stale one is `409 registration_changed`.
  verifyMethod(
    token: string,
    body: { pendingId: string; code: string },
    ifMatch?: string | null,
  ): Promise<ApiResult<{ method: RegisteredMethod }>>;
  deleteMethod(token: string, id: ContactMethodId, ifMatch?: string | null): Promise<ApiResult<null>>;
  putQuestions(
    token: string,
    answers: { questionId: string; answer: string }[],
    ifMatch?: string | null,
  ): Promise<ApiResult<{ questions: QuestionsCount }>>;
  confirm(token: string, ifMatch?: string | null): Promise<ApiResult<{ status: RegistrationStatus }>>;
  snooze(token: string, ifMatch?: string | null): Promise<ApiResult<{ status: RegistrationStatus }>>;
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
  /** One request; the answer's ETag comes back beside the result, so parallel calls cannot mix them up. */
  const send = async <T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    token?: string,
    signal?: AbortSignal,
    ifMatch?: string | null,
  ): Promise<[ApiResult<T>, string | null]> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (o.locale) headers['Accept-Language'] = o.locale;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (ifMatch) headers['If-Match'] = ifMatch;
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
      return [{ ok: false, problem: { status: 0, code: 'network_error' } }, null];
    }
    const etag = res.headers.get('etag');
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (res.ok) return [{ ok: true, status: res.status, data: parsed as T }, etag];
    const p = (parsed ?? {}) as Partial<ApiProblem>;
    const problem: ApiResult<T> = {
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
    return [problem, etag];
  };
  const call = async <T>(...a: Parameters<typeof send>): Promise<ApiResult<T>> => (await send<T>(...a))[0];
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
    changePassword: (body) => call('POST', '/v1/password/change', body),
    openSession: (body) => call('POST', '/v1/registration/session', body),
    registration: async (token) => {
      const [r, etag] = await send<Omit<Registration, 'etag'>>('GET', '/v1/registration', undefined, token);
      return r.ok ? { ...r, data: { ...r.data, etag } } : r;
    },
    stepUp: (token, body) => call('POST', '/v1/registration/step-up', body, token),
    stepUpVerify: (token, body) => call('POST', '/v1/registration/step-up/verify', body, token),
    addMethod: (token, body) => call('POST', '/v1/registration/methods', body, token),
    verifyMethod: (token, body, ifMatch) =>
      call('POST', '/v1/registration/methods/verify', body, token, undefined, ifMatch),
    deleteMethod: (token, id, ifMatch) =>
      call('DELETE', `/v1/registration/methods/${id}`, undefined, token, undefined, ifMatch),
    putQuestions: (token, answers, ifMatch) =>
      call('PUT', '/v1/registration/questions', { answers }, token, undefined, ifMatch),
    confirm: (token, ifMatch) => call('POST', '/v1/registration/confirm', {}, token, undefined, ifMatch),
    snooze: (token, ifMatch) => call('POST', '/v1/registration/snooze', {}, token, undefined, ifMatch),
  };
}
