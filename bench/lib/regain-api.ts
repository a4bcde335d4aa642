// The few admin calls the benchmarks make against a running Regain: read the policy, patch it, put it back.
import type { PolicyInput } from '../../api/policy.ts';

/** Deep-merges plain objects; arrays and scalars in the patch replace. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out as T;
}

/** Applies a policy patch through PUT /v1/admin/policy, as an administrator would. */
export async function patchPolicy(url: string, adminKey: string, patch: PolicyInput): Promise<void> {
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const current = await fetch(`${url}/v1/admin/policy`, { headers });
  if (current.status !== 200)
    throw new Error(`GET /v1/admin/policy: ${current.status} ${await current.text()}`);
  const body = JSON.stringify(deepMerge(await current.json(), patch));
  const res = await fetch(`${url}/v1/admin/policy`, { method: 'PUT', headers, body });
  if (res.status !== 200) throw new Error(`policy rejected: ${res.status} ${await res.text()}`);
}

/**
 * Throttles relaxed so a load run measures the work of a request, not the 429 path: the per-account limit is
 * the policy's maximum (10 starts an hour, so the driver spreads starts over many names), per-IP limits high.
 */
export const benchThrottles: PolicyInput = {
  throttles: {
    resetStartsPerHour: 10,
    ipResetStartsPerHour: 10_000,
    ipVerificationsPerHour: 20_000,
    failuresPerMethodPerHour: 10,
  },
};
