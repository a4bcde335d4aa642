// The few admin calls the benchmarks make against a running Regain: patch the policy.
import type { PolicyInput } from '../../api/policy.ts';

/** Applies a policy patch through PATCH /v1/admin/policy (a JSON Merge Patch), as an administrator would. */
export async function patchPolicy(url: string, adminKey: string, patch: PolicyInput): Promise<void> {
  const res = await fetch(`${url}/v1/admin/policy`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify(patch),
  });
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
