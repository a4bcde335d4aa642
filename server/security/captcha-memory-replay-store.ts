// In-process record of used captcha challenges, for tests and single-process dev runs (production uses the database).
import type { CaptchaReplayStore } from './captcha.ts';

export function createMemoryReplayStore(now: () => number): CaptchaReplayStore {
  const used = new Map<string, number>();
  return {
    async claim(id, expiresAtMs) {
      // Expired challenges fail verification anyway, so their ids can be forgotten to bound memory.
      const t = now();
      for (const [k, exp] of used) if (exp <= t) used.delete(k);
      if (used.has(id)) return false;
      // Check and set happen in one synchronous step, so concurrent claims of one id cannot both win.
      used.set(id, expiresAtMs);
      return true;
    },
  };
}
