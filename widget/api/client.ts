// The widget's HTTP client for API v1: paths from api/endpoints.ts, bodies and answers typed by the route table
// (types only, no zod), Bearer tokens, Accept-Language, problem codes.

// Types only: `typeof schema` is erased, so no zod reaches the widget bundle.
import type { z } from 'zod';
import type { Endpoint } from '../../api/endpoints.ts';
import * as e from '../../api/endpoints.ts';
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
import type { routes } from '../../api/routes.ts';
import type { AltchaChallenge } from '../captcha/solve-altcha.ts';

export type { ConfigAnswer, RegistrationStatus, ResetMethod, StartResetAnswer, VerifyAnswer, Violation };
export type SessionAnswer = z.infer<typeof sessionAnswer>;
export type RegisteredMethod = z.infer<typeof registeredMethodSchema>;
export type { Channel, ContactMethodId, MethodId, PhoneChannel };
/** GET /v1/registration with the `ETag` that writes quote back as `If-Match` (null when the server sent none). */
export type Registration = z.infer<typeof registrationAnswer> & { etag: string | null };
export type StepUpSent = z.infer<typeof stepUpAnswer>;
export type PendingMethod = z.infer<typeof addMethodAnswer>;
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

type Routes = typeof routes;
type Name = keyof Routes;
/** A call's body as the client sends it, from the route table's schema. */
export type BodyOf<N extends Name> = Routes[N] extends { body: infer B extends z.ZodType }
  ? z.input<B>
  : never;
/** A call's success answer: its 2xx responses' schemas (null for one without a body). */
export type AnswerOf<N extends Name> = {
  [S in keyof Routes[N]['responses']]: S extends 200 | 201 | 202 | 204
    ? Routes[N]['responses'][S] extends { schema: infer Z extends z.ZodType }
      ? z.output<Z>
      : null
    : never;
}[keyof Routes[N]['responses']];
type Answer<N extends Name> = Promise<ApiResult<AnswerOf<N>>>;

export type CodeSent = Exclude<AnswerOf<'resetChallenge'>, QuestionsDrawn>;
export type QuestionsDrawn = Extract<AnswerOf<'resetChallenge'>, { method: 'questions' }>;
export type PasswordVerdict = AnswerOf<'passwordCheck'>;
export type VerifyBody = BodyOf<'resetVerify'>;
export type AddMethodBody = BodyOf<'registrationAddMethod'>;
export type QuestionsCount = AnswerOf<'registrationQuestions'>['questions'];

/** Every call the widget's flows make; tests pass a fake with the same shape. */
export interface RegainClient {
  config(): Answer<'config'>;
  /** The challenge as altcha-lib makes it (the route table types it loosely). */
  captcha(): Promise<ApiResult<AltchaChallenge | null>>;
  startReset(body: BodyOf<'resetStart'>): Answer<'resetStart'>;
  challenge(token: string, body: BodyOf<'resetChallenge'>): Answer<'resetChallenge'>;
  verify(token: string, body: VerifyBody): Answer<'resetVerify'>;
  setPassword(token: string, password: string): Answer<'resetPassword'>;
  unlock(token: string): Answer<'resetUnlock'>;
  cancel(token: string): Answer<'resetCancel'>;
  checkPassword(body: BodyOf<'passwordCheck'>, token?: string, signal?: AbortSignal): Answer<'passwordCheck'>;
  /** `401 unauthorized` for an unknown user and a wrong password alike. */
  changePassword(body: BodyOf<'passwordChange'>): Answer<'passwordChange'>;
  openSession(body: BodyOf<'registrationSession'>): Answer<'registrationSession'>;
  registration(token: string): Promise<ApiResult<Registration>>;
  stepUp(token: string, body: BodyOf<'registrationStepUp'>): Answer<'registrationStepUp'>;
  stepUpVerify(token: string, body: BodyOf<'registrationStepUpVerify'>): Answer<'registrationStepUpVerify'>;
  addMethod(token: string, body: AddMethodBody): Answer<'registrationAddMethod'>;
  // Writes below take the last ETag as `ifMatch`; a stale one is `409 registration_changed`.
  verifyMethod(
    token: string,
    body: BodyOf<'registrationVerifyMethod'>,
    ifMatch?: string | null,
  ): Answer<'registrationVerifyMethod'>;
  deleteMethod(
    token: string,
    id: ContactMethodId,
    ifMatch?: string | null,
  ): Answer<'registrationDeleteMethod'>;
  putQuestions(
    token: string,
    answers: BodyOf<'registrationQuestions'>['answers'],
    ifMatch?: string | null,
  ): Answer<'registrationQuestions'>;
  confirm(token: string, ifMatch?: string | null): Answer<'registrationConfirm'>;
  snooze(token: string, ifMatch?: string | null): Answer<'registrationSnooze'>;
}

interface CallOptions {
  body?: unknown;
  token?: string | undefined;
  signal?: AbortSignal | undefined;
  ifMatch?: string | null | undefined;
  /** Values for the path's `{param}` placeholders. */
  params?: Record<string, string>;
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
  /** One call; the answer's ETag comes back beside the result, so parallel calls cannot mix them up. */
  const send = async <T>(ep: Endpoint, x: CallOptions = {}): Promise<[ApiResult<T>, string | null]> => {
    const { body, token, signal, ifMatch } = x;
    const path = ep.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(x.params?.[k] ?? ''));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (o.locale) headers['Accept-Language'] = o.locale;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (ifMatch) headers['If-Match'] = ifMatch;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method: ep.method.toUpperCase(),
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
  const call = async <N extends Name>(
    ep: Endpoint & { name: N },
    x?: CallOptions & { body?: BodyOf<N> },
  ): Answer<N> => (await send<AnswerOf<N>>(ep, x))[0];
  return {
    config: () => call(e.config),
    captcha: async () => (await send<AltchaChallenge | null>(e.captcha))[0],
    startReset: (body) => call(e.resetStart, { body }),
    challenge: (token, body) => call(e.resetChallenge, { body, token }),
    verify: (token, body) => call(e.resetVerify, { body, token }),
    setPassword: (token, password) => call(e.resetPassword, { body: { password }, token }),
    unlock: (token) => call(e.resetUnlock, { body: {}, token }),
    cancel: (token) => call(e.resetCancel, { body: {}, token }),
    checkPassword: (body, token, signal) => call(e.passwordCheck, { body, token, signal }),
    changePassword: (body) => call(e.passwordChange, { body }),
    openSession: (body) => call(e.registrationSession, { body }),
    registration: async (token) => {
      const [r, etag] = await send<Omit<Registration, 'etag'>>(e.registrationGet, { token });
      return r.ok ? { ...r, data: { ...r.data, etag } } : r;
    },
    stepUp: (token, body) => call(e.registrationStepUp, { body, token }),
    stepUpVerify: (token, body) => call(e.registrationStepUpVerify, { body, token }),
    addMethod: (token, body) => call(e.registrationAddMethod, { body, token }),
    verifyMethod: (token, body, ifMatch) => call(e.registrationVerifyMethod, { body, token, ifMatch }),
    deleteMethod: (token, id, ifMatch) =>
      call(e.registrationDeleteMethod, { token, ifMatch, params: { id } }),
    putQuestions: (token, answers, ifMatch) =>
      call(e.registrationQuestions, { body: { answers }, token, ifMatch }),
    confirm: (token, ifMatch) => call(e.registrationConfirm, { body: {}, token, ifMatch }),
    snooze: (token, ifMatch) => call(e.registrationSnooze, { body: {}, token, ifMatch }),
  };
}
