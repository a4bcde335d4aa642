// The prompt decision: per-user-name cache rules, refreshed by the server's status, stored in IndexedDB via idb.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openPromptCache } from '../../extension/lib/prompt-cache.ts';
import {
  entryFromStatus,
  entryPrompted,
  type PromptEntry,
  promptDue,
  promptTimings,
} from '../../extension/lib/prompt-rules.ts';
import { usernameKey } from '../../extension/lib/username.ts';

const now = Date.parse('2026-11-22T10:00:00Z');
const day = 86_400_000;

describe('promptDue', () => {
  it('prompts a user name it has never heard the server about', () => {
    expect(promptDue(undefined, now)).toBe(true);
  });

  it('stays quiet while the server said nothing is due, then asks again', () => {
    const e = entryFromStatus('alice', { prompt: 'none', snoozedUntil: null }, now);
    expect(e.confirmedAt).toBe(now);
    expect(promptDue(e, now + day - 1)).toBe(false);
    expect(promptDue(e, now + promptTimings.recheckAfterMs)).toBe(true);
  });

  it('respects a snooze until it ends, and a zero-day snooze not at all', () => {
    const until = new Date(now + 3 * day).toISOString();
    const snoozed = entryFromStatus('carol', { prompt: 'none', snoozedUntil: until }, now);
    expect(snoozed.confirmedAt).toBe(null);
    expect(promptDue(snoozed, now + 3 * day - 1)).toBe(false);
    expect(promptDue(snoozed, now + 3 * day)).toBe(true);
    const zero = entryFromStatus('carol', { prompt: 'none', snoozedUntil: new Date(now).toISOString() }, now);
    expect(promptDue(zero, now + 1)).toBe(true);
  });

  it('prompts again when the server says registration is due, whatever the cache believed', () => {
    for (const prompt of ['optional', 'required'] as const) {
      const e = entryFromStatus('bob', { prompt, snoozedUntil: null }, now);
      expect(e).toEqual({ username: 'bob', confirmedAt: null, snoozedUntil: null, promptedAt: null });
      expect(promptDue(e, now)).toBe(true);
    }
  });

  it('does not reopen a prompt the user just closed, for a while', () => {
    const e = entryPrompted('dave', undefined, now);
    expect(promptDue(e, now + 1000)).toBe(false);
    expect(promptDue(e, now + promptTimings.dismissedForMs)).toBe(true);
  });

  it('folds user names into one cache key', () => {
    expect(usernameKey('  Alice ')).toBe('alice');
    expect(usernameKey('ＡＬＩＣＥ')).toBe('alice');
  });
});

describe('openPromptCache', () => {
  it('stores entries per user name in IndexedDB and knows the latest one', async () => {
    let t = now;
    const cache = await openPromptCache(`test-${Math.random()}`, () => t);
    expect(await cache.get('alice')).toBe(undefined);
    expect(await cache.latest()).toBe(undefined);
    const a: PromptEntry = entryFromStatus('alice', { prompt: 'none', snoozedUntil: null }, now);
    await cache.put(a);
    t += 1000;
    await cache.put(entryPrompted('carol', undefined, t));
    expect(await cache.get('alice')).toEqual(a);
    expect((await cache.latest())?.username).toBe('carol');
    t += 1000;
    await cache.put(entryFromStatus('alice', { prompt: 'required', snoozedUntil: null }, t));
    expect((await cache.latest())?.username).toBe('alice');
    expect(promptDue(await cache.get('alice'), t)).toBe(true);
    expect(promptDue(await cache.get('carol'), t)).toBe(false);
  });
});
