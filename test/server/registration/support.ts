// Shared steps of the registration suite: sessions, step-up and adding contact data over HTTP, outbox reads.
import { expect } from 'vitest';
import type { RegistrationStatus } from '../../../api/registration.ts';
import { codeFor, type TestService } from '../../helpers/service.ts';

export interface SessionBody {
  token: string;
  expiresAt: string;
  user: { displayName: string };
  status: RegistrationStatus;
}

export interface RegisteredMethod {
  id: 'alternateEmail' | 'mobilePhone' | 'officePhone';
  type: 'email' | 'phone';
  hint: string;
  verifiedAt: string | null;
  source: 'user' | 'admin' | 'directory';
  usableForResetAt: string | null;
}

export interface RegistrationBody {
  status: RegistrationStatus;
  methods: RegisteredMethod[];
  questions: { registered: number; required: number };
}

export interface ProblemBody {
  code: string;
  status: number;
  retryAfter?: number;
  field?: string;
  attemptsLeft?: number;
}

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms' | 'voice';
  to: string;
  subject?: string;
  text: string;
  code?: string;
  createdAt: string;
}

export type NewMethod =
  | { id: 'alternateEmail'; email: string }
  | { id: 'mobilePhone'; phone: string; channel?: 'sms' | 'voice' }
  | { id: 'officePhone'; phone: string };

export const demoPasswords = {
  alice: 'Tulip-Harbor-42',
  bob: 'Maple-Crane-77',
  carol: 'Violet-Anchor-19',
  dave: 'Granite-Falcon-63',
} as const;

export type DemoUser = keyof typeof demoPasswords;

/** Opens a registration session with the user's demo password and returns its token. */
export async function openSession(t: TestService, username: DemoUser): Promise<string> {
  const res = await t.api.post<SessionBody>('/v1/registration/session', {
    username,
    password: demoPasswords[username],
  });
  expect(res.status, res.text).toBe(201);
  return res.body.token;
}

/** The user's registration as GET /v1/registration shows it, with its ETag. */
export async function view(
  t: TestService,
  token: string,
): Promise<{ body: RegistrationBody; etag: string | null; status: number }> {
  const res = await t.api.get<RegistrationBody>('/v1/registration', { token });
  return { body: res.body, etag: res.headers.get('etag'), status: res.status };
}

/** Sends a step-up code to a method on file and verifies it; the session may then change methods. */
export async function stepUp(
  t: TestService,
  token: string,
  method: 'alternateEmail' | 'mobilePhone' | 'officePhone',
  to: string,
): Promise<void> {
  const before = await lastDelivered(t, to);
  const sent = await t.api.post('/v1/registration/step-up', { method }, { token });
  expect(sent.status, sent.text).toBe(202);
  const code = await codeFor(t, to, before);
  const ok = await t.api.post('/v1/registration/step-up/verify', { method, code }, { token });
  expect(ok.status, ok.text).toBe(200);
  expect(ok.body).toEqual({ steppedUp: true });
}

/** Asks for a code to a new address and returns the pending id with the code that arrived there. */
export async function addMethod(
  t: TestService,
  token: string,
  body: NewMethod,
  to: string,
): Promise<{ pendingId: string; code: string }> {
  const before = await lastDelivered(t, to);
  const res = await t.api.post<{ pendingId: string; codeLength: number }>('/v1/registration/methods', body, {
    token,
  });
  expect(res.status, res.text).toBe(202);
  const code = await codeFor(t, to, before);
  expect(code).toHaveLength(res.body.codeLength);
  return { pendingId: res.body.pendingId, code };
}

/** Adds a method and verifies it with the code sent to it; returns the registered method. */
export async function registerMethod(
  t: TestService,
  token: string,
  body: NewMethod,
  to: string,
): Promise<RegisteredMethod> {
  const { pendingId, code } = await addMethod(t, token, body, to);
  const res = await t.api.post<{ method: RegisteredMethod }>(
    '/v1/registration/methods/verify',
    { pendingId, code },
    { token },
  );
  expect(res.status, res.text).toBe(200);
  return res.body.method;
}

/** Every message the dev provider delivered to an address, newest first, after draining the outbox. */
export async function outbox(t: TestService, to: string): Promise<OutboxMessage[]> {
  await t.rt.worker.drain();
  return (await t.api.get<OutboxMessage[]>(`/v1/dev/outbox?to=${encodeURIComponent(to)}`)).body;
}

/** The id of the newest message delivered to an address once the outbox is drained. */
export async function lastDelivered(t: TestService, to: string): Promise<string | undefined> {
  return (await outbox(t, to))[0]?.id;
}

/** Milliseconds between an ISO timestamp and an expected instant (absolute). */
export function offBy(iso: string | null | undefined, expected: number): number {
  if (!iso) return Number.POSITIVE_INFINITY;
  return Math.abs(Date.parse(iso) - expected);
}

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
