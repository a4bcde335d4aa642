// @vitest-environment happy-dom
// Tests of the widget's flow store: IndexedDB records per tab, expiry, failure as a no-op, and what is never kept.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, ConfigAnswer, RegainClient, ResetMethod } from '../../widget/api/client.ts';
import { idbFlowStore, memoryFlowStore, parkedKey, tabId } from '../../widget/flows/flow-store.ts';
import { ResetMachine, type SavedFlow } from '../../widget/flows/reset-machine.ts';

const future = '2999-01-01T00:00:00.000Z';
const email: ResetMethod = { id: 'alternateEmail', type: 'email', hint: 'a***@example.org' };
const mobile: ResetMethod = { id: 'mobilePhone', type: 'phone', hint: '+1 ******00', channels: ['sms'] };
const questions: ResetMethod = { id: 'questions', type: 'questions', hint: '' };

const saved = (over: Partial<SavedFlow> = {}): SavedFlow => ({
  token: 'flow-token',
  expiresAt: future,
  username: 'alice',
  gatesPassed: 0,
  gatesRequired: 1,
  step: { name: 'method', methods: [email] },
  methods: [email],
  ...over,
});

/** Every record in the database, as stored. */
async function rawRecords(): Promise<unknown[]> {
  const db = await openDB('regain', 1);
  try {
    return await db.getAll('flows');
  } finally {
    db.close();
  }
}

/** A new tab: sessionStorage starts empty there, so the tab gets a new id. */
const newTab = () => sessionStorage.clear();

beforeEach(() => {
  // A fresh, empty IndexedDB and tab for every test.
  globalThis.indexedDB = new IDBFactory();
  newTab();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('flow store (IndexedDB)', () => {
  it('round-trips a record for this tab and survives a new store in the same tab (a reload)', async () => {
    const a = idbFlowStore<SavedFlow>({ scope: 'https://reset.example.org' });
    expect(await a.load()).toBeNull();
    await a.save(saved());
    expect(sessionStorage.getItem(parkedKey)).toBe('https://reset.example.org');
    const reloaded = idbFlowStore<SavedFlow>({ scope: 'https://reset.example.org' });
    expect(await reloaded.load()).toEqual(saved());
    await reloaded.clear();
    expect(await a.load()).toBeNull();
    expect(sessionStorage.getItem(parkedKey)).toBeNull();
    expect(await rawRecords()).toEqual([]);
  });

  it('keeps one id per tab in sessionStorage', () => {
    const id = tabId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(tabId()).toBe(id);
    newTab();
    expect(tabId()).not.toBe(id);
  });

  it('isolates tabs and scopes: another tab id or service sees nothing', async () => {
    const first = idbFlowStore<SavedFlow>({ scope: 'https://a.example' });
    await first.save(saved({ token: 'first' }));
    expect(await idbFlowStore<SavedFlow>({ scope: 'https://b.example' }).load()).toBeNull();
    newTab();
    const second = idbFlowStore<SavedFlow>({ scope: 'https://a.example' });
    expect(await second.load()).toBeNull();
    await second.save(saved({ token: 'second' }));
    await second.clear();
    // The first tab's record is untouched by the second tab's save and clear.
    expect(await first.load()).toMatchObject({ token: 'first' });
    expect(await rawRecords()).toHaveLength(1);
  });

  it('deletes expired records on load, other tabs included, and ignores them', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const mine = idbFlowStore<SavedFlow>({ now: () => now });
    await mine.save(saved({ expiresAt: '2030-01-01T00:10:00Z' }));
    newTab();
    const other = idbFlowStore<SavedFlow>({ now: () => now });
    await other.save(saved({ expiresAt: '2030-01-01T00:05:00Z' }));
    await other.load();
    expect(await rawRecords()).toHaveLength(2);
    now = Date.parse('2030-01-01T00:06:00Z');
    expect(await other.load()).toBeNull();
    expect(await rawRecords()).toHaveLength(1);
    now = Date.parse('2030-01-01T00:10:00Z');
    expect(await mine.load()).toBeNull();
    expect(await rawRecords()).toEqual([]);
  });

  it('drops a malformed record instead of resuming it', async () => {
    const s = idbFlowStore<SavedFlow>();
    await s.save(saved({ expiresAt: 'not a date' }));
    expect(await s.load()).toBeNull();
    expect(await rawRecords()).toEqual([]);
  });

  it('becomes a no-op when IndexedDB throws, is missing, or sessionStorage is blocked', async () => {
    vi.spyOn(globalThis.indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    const throwing = idbFlowStore<SavedFlow>();
    await expect(throwing.save(saved())).resolves.toBeUndefined();
    await expect(throwing.load()).resolves.toBeNull();
    await expect(throwing.clear()).resolves.toBeUndefined();
    vi.restoreAllMocks();

    const idb = globalThis.indexedDB;
    // @ts-expect-error: a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      const missing = idbFlowStore<SavedFlow>();
      await missing.save(saved());
      expect(await missing.load()).toBeNull();
    } finally {
      globalThis.indexedDB = idb;
    }

    // As in a sandboxed frame or with storage blocked: every call throws.
    const denied = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    vi.stubGlobal('sessionStorage', { getItem: denied, setItem: denied, removeItem: denied });
    expect(tabId()).toBeNull();
    const noTab = idbFlowStore<SavedFlow>();
    await noTab.save(saved());
    expect(await noTab.load()).toBeNull();
  });

  it('lets a machine with a failing store walk a whole reset', async () => {
    vi.spyOn(globalThis.indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('blocked', 'InvalidStateError');
    });
    const { m, done } = machine(idbFlowStore());
    await m.init();
    await m.start('alice');
    await m.chooseMethod('alternateEmail');
    await m.submitCode('12345678');
    await m.setPassword('Correct-Horse-9', 'Correct-Horse-9');
    expect(m.state.step.name).toBe('done');
    expect(done).toHaveBeenCalledOnce();
  });

  it('never stores a typed phone number, code, answer or password', async () => {
    const { m } = machine(idbFlowStore({ scope: 'api' }));
    await m.init();
    await m.start('alice');
    await m.chooseMethod('mobilePhone');
    await m.submitProof('+1 425 555 0100', 'sms');
    await m.submitCode('000000');
    expect(m.state.error).toMatchObject({ code: 'invalid_code' });
    await m.flushed();
    const atCode = JSON.stringify(await rawRecords());
    expect(atCode).toContain('flow-token');
    expect(atCode).toContain('"name":"code"');
    for (const secret of ['425', '555', '0100', '000000']) expect(atCode).not.toContain(secret);

    m.back();
    await m.chooseMethod('questions');
    await m.submitAnswers([{ id: 'q1', answer: 'Rexford' }]);
    await m.flushed();
    const atQuestions = JSON.stringify(await rawRecords());
    expect(atQuestions).toContain('First pet?');
    expect(atQuestions).not.toContain('Rexford');
    expect(atQuestions).not.toContain('0100');

    await m.submitAnswers([{ id: 'q1', answer: 'Rex' }]);
    expect(m.state.step.name).toBe('password');
    m.passwordInput('Correct-Horse-9');
    await m.setPassword('Correct-Horse-9', 'Correct-Horse-X');
    await m.flushed();
    // All gates passed: the fully verified token is in memory only.
    expect(await rawRecords()).toEqual([]);
  });
});

describe('memory flow store', () => {
  it('round-trips copies and forgets expired records', async () => {
    let now = 0;
    const s = memoryFlowStore<SavedFlow>({ now: () => now });
    const record = saved({ expiresAt: '1970-01-01T00:01:00Z' });
    await s.save(record);
    record.username = 'changed later';
    expect(await s.load()).toMatchObject({ username: 'alice' });
    now = 60_000;
    expect(await s.load()).toBeNull();
    expect(s.raw()).toBeNull();
  });
});

type ResetCall =
  | 'config'
  | 'captcha'
  | 'startReset'
  | 'challenge'
  | 'verify'
  | 'setPassword'
  | 'unlock'
  | 'cancel'
  | 'checkPassword';

const ok = <T>(data: T, status = 200): ApiResult<T> => ({ ok: true, status, data });

/** A machine over a small fake service: code 000000 and the answer "Rexford" are wrong, everything else passes. */
function machine(store: ReturnType<typeof idbFlowStore<SavedFlow>>) {
  const config = {
    organization: { name: 'Contoso', helpdesk: { url: 'https://help.example' } },
    reset: { enabled: true, gatesRequired: 1, unlockEnabled: false },
    captcha: { kind: 'none' },
  } as ConfigAnswer;
  // Only the reset calls: the machine makes no others.
  const client: Pick<RegainClient, ResetCall> = {
    config: async () => ok(config),
    captcha: async () => ok(null),
    startReset: async () =>
      ok(
        {
          token: 'flow-token',
          expiresAt: future,
          gatesRequired: 1,
          gatesPassed: 0 as const,
          methods: [email, mobile, questions],
        },
        201,
      ),
    challenge: async (_t, body) =>
      body.method === 'questions'
        ? ok({ method: 'questions' as const, questions: [{ id: 'q1', text: 'First pet?' }] })
        : ok(
            {
              method: body.method,
              channel: body.channel ?? 'sms',
              expiresAt: future,
              codeLength: 6,
              resendAfter: 60,
            },
            202,
          ),
    verify: async (_t, body) =>
      ('code' in body && body.code === '000000') ||
      ('answers' in body && body.answers[0]?.answer === 'Rexford')
        ? { ok: false, problem: { status: 400, code: 'invalid_code', attemptsLeft: 4 } }
        : ok({
            gatesPassed: 1,
            gatesRequired: 1,
            next: 'password' as const,
            methods: [],
            unlockAvailable: false,
          }),
    setPassword: async () => ok({ status: 'reset' as const, unlocked: false }),
    unlock: async () => ok({ status: 'unlocked' as const }),
    cancel: async () => ok(null, 204),
    checkPassword: async () => ok({ accepted: true, violations: [] }),
  };
  const done = vi.fn();
  const m = new ResetMachine({
    client: client as RegainClient,
    store,
    checkDelayMs: 0,
    onEvent: (e) => {
      if (e.type === 'done') done();
    },
  });
  return { m, done };
}
