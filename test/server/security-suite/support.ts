// Shared helpers of the security suite: JSON shapes, header names, codes from the dev outbox, table dumps, throttles.
import { expect } from 'vitest';
import type { Answer, TestService } from '../../helpers/service.ts';

/** An RFC 9457 problem as the service renders it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  retryAfter?: number;
  attemptsLeft?: number;
  field?: string;
  detail?: string;
}

export interface StartBody {
  token: string;
  expiresAt: string;
  gatesRequired: number;
  gatesPassed: number;
  methods: { id: string; type: string; hint: string; channels?: string[] }[];
}

export interface VerifyBody {
  gatesPassed: number;
  gatesRequired: number;
  next: 'verify' | 'password';
  methods: { id: string }[];
  unlockAvailable: boolean;
}

export type Shape = string | Shape[] | { [key: string]: Shape };

/**
 * The type structure of a JSON value: objects as their sorted keys with the shapes of their values, arrays as
 * the sorted set of their elements' shapes (so two method lists compare by the kinds of entries they hold).
 */
export function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const kinds = new Set(value.map((v) => JSON.stringify(shapeOf(v))));
    return [...kinds].sort().map((s) => JSON.parse(s) as Shape);
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, shapeOf(o[k])]),
    );
  }
  return typeof value;
}

/** Lowercased response header names, sorted; `date` changes every second and says nothing about the account. */
export function headerNames(h: Headers, ignore: readonly string[] = ['date']): string[] {
  return [...h.keys()]
    .map((k) => k.toLowerCase())
    .filter((k) => !ignore.includes(k))
    .sort();
}

/** A hint reduced to its mask: letters become `a`, digits `9`; stars, bullets and punctuation stay. */
export function maskPattern(hint: string): string {
  return hint.replace(/\p{Ll}/gu, 'a').replace(/\d/g, '9');
}

export function asProblem<T>(a: Answer<T>): Problem {
  return a.body as unknown as Problem;
}

export const hourMs = 3_600_000;
export const minuteMs = 60_000;

/** Ids of the messages already delivered to `to`, after letting the worker finish what is queued. */
export async function deliveredIds(t: TestService, to: string): Promise<Set<string>> {
  await t.rt.worker.drain();
  const msgs = (await t.api.get<{ id: string }[]>(`/v1/dev/outbox?to=${encodeURIComponent(to)}`)).body;
  return new Set(msgs.map((m) => m.id));
}

/** Waits for a message with a code to `to` that is not among `known`, and returns its code. */
export async function nextCode(t: TestService, to: string, known: Set<string>): Promise<string> {
  for (let i = 0; i < 100; i++) {
    await t.rt.worker.drain();
    const msgs = (
      await t.api.get<{ id: string; code?: string }[]>(`/v1/dev/outbox?to=${encodeURIComponent(to)}`)
    ).body;
    const fresh = msgs.find((m) => m.code && !known.has(m.id));
    if (fresh?.code) return fresh.code;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`no new code arrived for ${to}`);
}

/** Asks for a code on a method (a challenge answered 202) and returns the delivered code. */
export async function challengeCode(
  t: TestService,
  token: string,
  body: { method: string; channel?: string; proof?: string },
  to: string,
): Promise<string> {
  const known = await deliveredIds(t, to);
  const ch = await t.api.post('/v1/reset/challenge', body, { token });
  expect(ch.status, ch.text).toBe(202);
  return nextCode(t, to, known);
}

/** A six- or eight-digit string that differs from `code`. */
export function wrongCode(code: string): string {
  const first = code[0] === '9' ? '1' : String(Number(code[0]) + 1);
  return first + code.slice(1);
}

/** Clears the user's reset throttles through the admin API. */
export async function unblock(t: TestService, username: string): Promise<void> {
  const res = await t.api.post(`/v1/admin/users/${username}/unblock`, undefined, { token: t.adminKey });
  expect(res.status, res.text).toBe(204);
}

export async function userId(t: TestService, username: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

export interface ThrottleRow {
  key: string;
  count: number;
  window_start: Date;
  blocked_until: Date | null;
  subject: string | null;
}

export async function throttle(t: TestService, key: string): Promise<ThrottleRow | undefined> {
  const [row] = await t.db.query<ThrottleRow>('SELECT * FROM throttles WHERE key = $1', [key]);
  return row;
}

/** Number of outbox rows: every message queued, whether delivered yet or not. */
export async function outboxCount(t: TestService): Promise<number> {
  const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
  return row?.n ?? 0;
}

/** Every row of every table in the public schema, as one JSON text (dates as ISO strings). */
export async function dumpDatabase(t: TestService): Promise<string> {
  const tables = await t.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { table_name } of tables) out[table_name] = await t.db.query(`SELECT * FROM "${table_name}"`);
  return JSON.stringify(out);
}

/** True when `code` occurs in `text` as a whole digit run (not as part of a longer number). */
export function containsDigits(text: string, code: string): boolean {
  return new RegExp(`(?<!\\d)${code}(?!\\d)`).test(text);
}
