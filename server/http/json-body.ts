// Reading JSON bodies strictly: JSON media type only, strict JSON (server/json), then the route's schema. Sizes are
// bounded before any of this, while the body streams (body-limit.ts), for every route alike.
import type { Context } from 'hono';
import { z } from 'zod';
import { parseStrictJson } from '../json/strict-json.ts';
import { problem } from '../problem.ts';

/** Parses and validates the request body; every failure is a problem, never a crash. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return validate(schema, await strictJsonBody(c));
}

/**
 * The request body as strict JSON, for the callers that validate it themselves against the stored state (the
 * policy's replace and merge patch); everyone else calls jsonBody.
 */
export async function strictJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) throw problem(415, 'unsupported_media_type');
  const buf = await c.req.arrayBuffer().catch(() => {
    throw problem(400, 'validation_failed', { detail: 'unreadable body' });
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw problem(400, 'validation_failed', { detail: 'body is not UTF-8' });
  }
  return parseStrictJson(text);
}

const noFields = z.strictObject({});

/**
 * For calls that take no input (unlock, cancel, confirm, snooze, unblock): no body at all, or exactly `{}` as the
 * widget sends; anything else is refused like any other body, so a hostile document never rides along unread.
 */
export async function emptyBody(c: Context): Promise<void> {
  const declared = c.req.header('content-length');
  if ((declared === undefined || declared === '0') && !c.req.header('transfer-encoding')) return;
  await jsonBody(c, noFields);
}

/** Validates a value; the first issue's path becomes the problem's `field`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, status = 400): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw problem(status, 'validation_failed', {
    ...(field ? { field } : {}),
    detail: issue?.message ?? 'invalid',
  });
}
