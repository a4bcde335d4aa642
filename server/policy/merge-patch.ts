// JSON Merge Patch (RFC 7396): how PATCH /v1/admin/policy and `regain policy patch` change part of the policy.

/**
 * Applies a merge patch to a JSON value, as RFC 7396 §2 defines it: objects merge key by key, `null` removes a
 * key, anything else (arrays included) replaces. Written out because the RFC's algorithm is these few lines and
 * the callers have already refused hostile keys (server/json/strict-json.ts); the input is never modified.
 *
 * @example mergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: 3 } }) // { a: 1, b: { d: 3 } }
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
