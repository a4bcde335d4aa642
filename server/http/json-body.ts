// Reading JSON bodies strictly: JSON media type only, a size limit, no duplicate keys, then the route's schema.
import type { Context } from 'hono';
import type { z } from 'zod';
import { problem } from '../problem.ts';

/**
 * Finds a duplicated object key. JSON.parse silently keeps the last one, which is how parameter pollution slips
 * past validation (GitLab CVE-2023-7028); no JSON library we know reports it, hence this small scanner.
 */
export function duplicateKey(text: string): string | undefined {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') stack.push(null);
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',') expectKey = stack[stack.length - 1] instanceof Set;
  }
  return undefined;
}

/** Parses and validates the request body; every failure is a problem, never a crash. */
export async function jsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  limit = 16 * 1024,
): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) throw problem(415, 'unsupported_media_type');
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > limit) throw problem(413, 'payload_too_large');
  const buf = await c.req.arrayBuffer().catch(() => {
    throw problem(400, 'validation_failed', { detail: 'unreadable body' });
  });
  if (buf.byteLength > limit) throw problem(413, 'payload_too_large');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw problem(400, 'validation_failed', { detail: 'body is not UTF-8' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem(400, 'validation_failed', { detail: 'body is not valid JSON' });
  }
  const dup = duplicateKey(text);
  if (dup !== undefined) throw problem(400, 'validation_failed', { field: dup, detail: 'duplicate key' });
  return validate(schema, value);
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
