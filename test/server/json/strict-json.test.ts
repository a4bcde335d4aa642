// Strict JSON: duplicate keys and keys that could reach a prototype are refused, naming the key, at any depth.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileKey, parseStrictJson } from '../../../server/json/strict-json.ts';
import { ProblemError } from '../../../server/problem.ts';

const refusal = (text: string) => {
  try {
    parseStrictJson(text);
  } catch (err) {
    if (err instanceof ProblemError) return { status: err.status, code: err.code, field: err.extras.field };
    throw err;
  }
  return null;
};

describe('parseStrictJson', () => {
  it.each([
    ['{"__proto__":{"reset":{"enabled":"none"}}}', '__proto__'],
    ['{"organization":{"constructor":{"name":"x"}}}', 'organization.constructor'],
    ['{"a":[{"b":{"prototype":1}}]}', 'a.0.b.prototype'],
  ])('refuses %s naming %s', (text, field) => {
    expect(refusal(text)).toEqual({ status: 400, code: 'validation_failed', field });
  });

  it('refuses a duplicate key and malformed JSON; takes the same words as values', () => {
    expect(refusal('{"a":1,"a":2}')).toMatchObject({ field: 'a' });
    expect(refusal('{"a":')).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(parseStrictJson('{"name":"__proto__","list":["constructor"]}')).toEqual({
      name: '__proto__',
      list: ['constructor'],
    });
  });

  it('finds a hostile key wherever it is put in any JSON document', () => {
    const key = fc.constantFrom('__proto__', 'constructor', 'prototype');
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), key, fc.nat(), (doc, k, seed) => {
        // Put {k: 1} into a random object of the document (or wrap the document in one).
        const objects: Record<string, unknown>[] = [];
        const walk = (v: unknown) => {
          if (v && typeof v === 'object') {
            if (!Array.isArray(v)) objects.push(v as Record<string, unknown>);
            for (const x of Object.values(v)) walk(x);
          }
        };
        const root = { doc };
        walk(root);
        const host = objects[seed % objects.length]!;
        Object.defineProperty(host, k, { value: 1, enumerable: true, configurable: true, writable: true });
        const text = JSON.stringify(root);
        expect(hostileKey(JSON.parse(text))).toBeDefined();
        expect(refusal(text)?.field?.split('.').at(-1)).toMatch(/^(__proto__|constructor|prototype)$/);
      }),
      { numRuns: 300 },
    );
  });
});
