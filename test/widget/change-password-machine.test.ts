// Unit tests of the widget's change-password state machine against a fake API client.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, ConfigAnswer, RegainClient } from '../../widget/api/client.ts';
import { type ChangeEvent, ChangePasswordMachine } from '../../widget/flows/change-password-machine.ts';

const ok = <T>(data: T, status = 200): ApiResult<T> => ({ ok: true, status, data });
const config = {
  organization: { name: 'Contoso', helpdesk: { url: 'https://help.contoso.example' } },
  password: { minLength: 8, maxLength: 256, rules: [] },
} as unknown as ConfigAnswer;
const form = {
  username: 'bob',
  currentPassword: 'Maple-Crane-77',
  newPassword: 'N3w-Harbor-Light',
  confirm: 'N3w-Harbor-Light',
};

function fakeClient(over: Partial<RegainClient> = {}) {
  const calls: { name: string; args: unknown[] }[] = [];
  const client = {
    config: async () => ok(config),
    checkPassword: async () => ok({ accepted: true, violations: [] }),
    changePassword: async () => ok({ status: 'changed' as const }),
    ...over,
  };
  const logged = Object.fromEntries(
    Object.entries(client).map(([k, f]) => [
      k,
      (...args: unknown[]) => {
        calls.push({ name: k, args });
        return (f as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as RegainClient;
  return { client: logged, calls };
}

async function machine(over: Partial<RegainClient> = {}, username = '') {
  const { client, calls } = fakeClient(over);
  const events: ChangeEvent[] = [];
  const m = new ChangePasswordMachine({ client, locale: 'en', onEvent: (e) => events.push(e) });
  await m.init(username);
  return { m, calls, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('change-password machine', () => {
  it('changes the password and reports done', async () => {
    const { m, calls, events } = await machine();
    expect(m.state.step).toEqual({ name: 'form', checking: false, verdict: null });
    expect(m.state.fixedUsername).toBe(false);
    expect(m.state.helpdesk).toBe('https://help.contoso.example');
    await m.submit({ ...form, username: ' bob ' });
    expect(calls.at(-1)).toEqual({
      name: 'changePassword',
      args: [
        { username: 'bob', currentPassword: 'Maple-Crane-77', newPassword: 'N3w-Harbor-Light', locale: 'en' },
      ],
    });
    expect(m.state.step).toEqual({ name: 'done' });
    expect(events).toEqual([{ type: 'done', outcome: 'changed' }]);
  });

  it('keeps a prefilled user name fixed', async () => {
    const { m, calls } = await machine({}, 'alice');
    expect(m.state).toMatchObject({ username: 'alice', fixedUsername: true });
    await m.submit({ ...form, username: 'mallory' });
    expect(calls.at(-1)?.args[0]).toMatchObject({ username: 'alice' });
  });

  it('says unauthorized (wrong user name or password) on 401 and stays on the form', async () => {
    const { m, events } = await machine({
      changePassword: async () => ({ ok: false, problem: { status: 401, code: 'unauthorized' } }),
    });
    await m.submit(form);
    expect(m.state.step.name).toBe('form');
    expect(m.state.error).toEqual({ code: 'unauthorized' });
    expect(events).toEqual([{ type: 'error', code: 'unauthorized' }]);
  });

  it('shows password_rejected violations as the verdict', async () => {
    const violations = [{ rule: 'banned_score' as const, params: { score: 3 }, message: 'weak' }];
    const { m } = await machine({
      changePassword: async () => ({
        ok: false,
        problem: { status: 422, code: 'password_rejected', violations },
      }),
    });
    await m.submit(form);
    expect(m.state.error).toEqual({ code: 'password_rejected', violations });
    expect(m.state.step).toEqual({ name: 'form', checking: false, verdict: { accepted: false, violations } });
  });

  it('maps throttled with retryAfter', async () => {
    const { m } = await machine({
      changePassword: async () => ({
        ok: false,
        problem: { status: 429, code: 'throttled', retryAfter: 600 },
      }),
    });
    await m.submit(form);
    expect(m.state.error).toEqual({ code: 'throttled', retryAfter: 600 });
  });

  it('checks the confirmation and empty fields locally', async () => {
    const { m, calls } = await machine();
    await m.submit({ ...form, confirm: 'other' });
    expect(m.state.error).toEqual({ code: 'validation_failed' });
    await m.submit({ ...form, currentPassword: '' });
    expect(m.state.error).toEqual({ code: 'validation_failed' });
    expect(calls.some((c) => c.name === 'changePassword')).toBe(false);
  });

  it('debounces the live check, sends the typed user name and no token', async () => {
    vi.useFakeTimers();
    const verdict = { accepted: false, violations: [{ rule: 'context_word', params: {}, message: 'name' }] };
    const { m, calls } = await machine({ checkPassword: async () => ok(verdict) });
    m.passwordInput('b', 'bob');
    m.passwordInput('bo', 'bob');
    m.passwordInput('bob-1234', 'bob');
    expect(calls.filter((c) => c.name === 'checkPassword')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(350);
    const checks = calls.filter((c) => c.name === 'checkPassword');
    expect(checks).toHaveLength(1);
    expect(checks[0]?.args.slice(0, 2)).toEqual([{ password: 'bob-1234', username: 'bob' }, undefined]);
    expect(m.state.step).toEqual({ name: 'form', checking: false, verdict });
    m.passwordInput('');
    expect(m.state.step).toEqual({ name: 'form', checking: false, verdict: null });
  });

  it('cancels and tells the host', async () => {
    const { m, events } = await machine();
    m.cancel();
    expect(m.state.step.name).toBe('cancelled');
    expect(events).toEqual([{ type: 'cancel' }]);
  });
});
