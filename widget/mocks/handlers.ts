// msw request handlers for the public API the widget calls, over an in-memory fake service. Tests and demos only: no production entry imports this.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type Answer, createFakeService, type FakeService, problem } from './fake-service.ts';

export {
  createFakeService,
  demoUsers,
  type FakeService,
  type FakeServiceOptions,
  type FakeUser,
} from './fake-service.ts';

const bearer = (r: Request): string | null =>
  r.headers.get('Authorization')?.match(/^Bearer (\S+)$/)?.[1] ?? null;

function respond(a: Answer): HttpResponse<string> {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (a.body === undefined) return new HttpResponse(null, { status: a.status, headers });
  headers['Content-Type'] = a.problem ? 'application/problem+json' : 'application/json';
  const retryAfter = (a.body as { retryAfter?: unknown }).retryAfter;
  if (a.problem && typeof retryAfter === 'number') headers['Retry-After'] = String(retryAfter);
  return new HttpResponse(JSON.stringify(a.body), { status: a.status, headers });
}

/** The JSON body, or the problem the real service answers: 415 for another media type, 400 for bad JSON. */
async function json(r: Request): Promise<Record<string, unknown> | Answer> {
  if (!r.headers.get('Content-Type')?.startsWith('application/json'))
    return problem(415, 'unsupported_media_type');
  try {
    const body: unknown = await r.json();
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return problem(400, 'validation_failed');
  }
}

const isAnswer = (x: Record<string, unknown> | Answer): x is Answer =>
  typeof x.status === 'number' && 'problem' in x;

/**
 * Handlers for GET /v1/config, GET /v1/captcha, POST /v1/reset{,/challenge,/verify,/password,/unlock,/cancel} and
 * POST /v1/password/check on any origin, answering from `service`.
 * @example setupServer(...createHandlers(createFakeService({ gatesRequired: 2 })))
 */
export function createHandlers(service: FakeService = createFakeService()): HttpHandler[] {
  const post = (
    path: string,
    f: (token: string | null, body: Record<string, unknown>) => Answer | Promise<Answer>,
  ) =>
    http.post(`*${path}`, async ({ request }) => {
      const body = await json(request);
      return respond(isAnswer(body) ? body : await f(bearer(request), body));
    });
  return [
    http.get('*/v1/config', () => respond(service.config())),
    http.get('*/v1/captcha', async () => respond(await service.captcha())),
    post('/v1/reset', (_token, body) => service.start(body)),
    post('/v1/reset/challenge', (token, body) => service.challenge(token, body)),
    post('/v1/reset/verify', (token, body) => service.verify(token, body)),
    post('/v1/reset/password', (token, body) => service.setPassword(token, body)),
    post('/v1/reset/unlock', (token) => service.unlock(token)),
    post('/v1/reset/cancel', (token) => service.cancel(token)),
    post('/v1/password/check', (token, body) => service.checkPassword(token, body)),
  ];
}

/** Handlers over one shared fake service with the demo users (alice: email and mobile; bob: locked out). */
export const handlers: HttpHandler[] = createHandlers();
