// One API call with the bookkeeping every flow shows: busy while it runs, slow once it passes the threshold.
import type { ApiResult } from '../api/client.ts';

export interface CallState {
  busy: boolean;
  slow: boolean;
  /** A call starts by clearing the last error; the caller sets a new one. */
  error: null;
}

/**
 * Marks the flow busy (clearing the last error), flags it slow after `slowAfterMs` (default 10 s, when the view
 * offers the helpdesk), and clears busy on success; on failure the caller words the problem.
 */
export async function trackedCall<T>(
  call: () => Promise<ApiResult<T>>,
  set: (patch: Partial<CallState>) => void,
  slowAfterMs = 10_000,
): Promise<ApiResult<T>> {
  set({ busy: true, slow: false, error: null });
  const slowTimer = setTimeout(() => set({ slow: true }), slowAfterMs);
  let r: ApiResult<T>;
  try {
    r = await call();
  } finally {
    clearTimeout(slowTimer);
  }
  if (r.ok) set({ busy: false, slow: false });
  return r;
}
