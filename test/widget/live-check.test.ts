// The live password check on its own: debounced, a newer keystroke supersedes the check in flight, a failed check
// keeps the verdict shown, an empty field clears it at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, PasswordVerdict } from '../../widget/api/client.ts';
import { LiveCheck } from '../../widget/flows/live-check.ts';

const ok = (accepted: boolean): ApiResult<PasswordVerdict> => ({
  ok: true,
  status: 200,
  data: { accepted, violations: accepted ? [] : [{ rule: 'length' }] } as PasswordVerdict,
});

describe('LiveCheck', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(answer: (password: string, signal: AbortSignal) => Promise<ApiResult<PasswordVerdict>>) {
    const asked: string[] = [];
    const shown: [boolean, PasswordVerdict | null | undefined][] = [];
    const live = new LiveCheck(
      (password, signal) => {
        asked.push(password);
        return answer(password, signal);
      },
      (checking, verdict) => shown.push([checking, verdict]),
      300,
    );
    return { live, asked, shown };
  }

  it('asks once for a burst of keystrokes, after the delay, with the last value', async () => {
    const { live, asked, shown } = setup(async (p) => ok(p.length > 3));
    live.input('a');
    live.input('ab');
    live.input('abcd');
    await vi.advanceTimersByTimeAsync(299);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual(['abcd']);
    expect(shown).toEqual([
      [true, undefined],
      [false, { accepted: true, violations: [] }],
    ]);
  });

  it('drops the answer of a check a newer keystroke superseded', async () => {
    let release: (r: ApiResult<PasswordVerdict>) => void = () => {};
    const { live, shown } = setup(
      (_p, signal) =>
        new Promise((resolve, reject) => {
          release = resolve;
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    live.input('first');
    await vi.advanceTimersByTimeAsync(300);
    live.input('second');
    release(ok(false));
    await vi.advanceTimersByTimeAsync(0);
    // Only "checking" was shown: the first answer was dropped, the second is not in yet.
    expect(shown).toEqual([[true, undefined]]);
  });

  it('keeps the shown verdict when a check fails, and clears it at once for an empty field', async () => {
    const { live, asked, shown } = setup(async () => ({ ok: false, problem: { code: 'network' } }) as never);
    live.input('abc');
    await vi.advanceTimersByTimeAsync(300);
    expect(shown.at(-1)).toEqual([false, undefined]);
    live.input('');
    expect(shown.at(-1)).toEqual([false, null]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toEqual(['abc']);
  });

  it('stop() drops a pending check', async () => {
    const { live, asked } = setup(async () => ok(true));
    live.input('abc');
    live.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toEqual([]);
  });
});
