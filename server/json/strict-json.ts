// Strict JSON for every document Regain reads from outside (request bodies, policy files): no duplicate keys and
// no key that could reach a prototype, refused with the key named instead of silently dropped.
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

const hostileKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The path of the first key that could reach an object's prototype (`__proto__`, `constructor`, `prototype`), at
 * any depth. JSON.parse keeps such keys as own properties, but a spread, a merge or a record schema downstream may
 * not: zod drops `__proto__`, which once turned a policy into all defaults. Refused outright, they never get there.
 */
export function hostileKey(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (!Array.isArray(v) && hostileKeys.has(k)) return at;
      stack.push([x, at]);
    }
  }
  return undefined;
}

/**
 * Parses JSON text strictly; every refusal is `400 validation_failed` naming the offending key in `field`.
 *
 * @example parseStrictJson('{"a":1,"a":2}') // throws: field "a", duplicate key
 */
export function parseStrictJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem(400, 'validation_failed', { detail: 'body is not valid JSON' });
  }
  const dup = duplicateKey(text);
  if (dup !== undefined) throw problem(400, 'validation_failed', { field: dup, detail: 'duplicate key' });
  const hostile = hostileKey(value);
  if (hostile !== undefined)
    throw problem(400, 'validation_failed', { field: hostile, detail: 'this key is not allowed' });
  return value;
}
