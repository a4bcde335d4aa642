// Keeps an unfinished flow across a reload of the same tab: one IndexedDB record per tab id from sessionStorage.
import { type IDBPDatabase, openDB } from 'idb';

/** What a store keeps: anything with the ISO time after which it is worthless (the flow token's expiry). */
export interface Expiring {
  expiresAt: string;
}

/** Where a flow is parked between page loads. Implementations never throw: storage is a convenience. */
export interface FlowStore<T extends Expiring> {
  /** The record saved by this tab, or null (none, expired, or storage unusable). */
  load(): Promise<T | null>;
  save(s: T): Promise<void>;
  clear(): Promise<void>;
}

export interface FlowStoreOptions {
  /** Separates flows of different services (the API origin) or kinds; part of the record's key. */
  scope?: string;
  /** Injected clock in ms, for expiry. */
  now?: () => number;
}

const dbName = 'regain';
const storeName = 'flows';
const tabKey = 'regain.tab';
/**
 * Set in sessionStorage while this tab has a parked flow (its value: the scope), so regain.js can reopen the flow
 * after a reload without loading the flow chunk first. Holds no secret.
 */
export const parkedKey = 'regain.parked';

// A record nobody may resume: unparsable expiry counts as expired, so a malformed record is dropped too.
const expired = (s: Expiring, now: number): boolean => !(Date.parse(s.expiresAt) > now);

/** A store in memory, for tests and as the model of what the IndexedDB store does. */
export function memoryFlowStore<T extends Expiring>(
  o: FlowStoreOptions = {},
): FlowStore<T> & { raw(): T | null } {
  const now = o.now ?? Date.now;
  let saved: T | null = null;
  return {
    async load() {
      if (saved && expired(saved, now())) saved = null;
      return saved ? structuredClone(saved) : null;
    },
    async save(s) {
      saved = structuredClone(s);
    },
    async clear() {
      saved = null;
    },
    raw: () => saved,
  };
}

/**
 * This tab's id: sessionStorage lives as long as the tab (reloads and trips through other pages included) and a
 * new tab starts empty, so a flow resumes only where it was started. Null where sessionStorage is unusable.
 */
export function tabId(): string | null {
  try {
    let id = sessionStorage.getItem(tabKey);
    if (!id) {
      id = crypto.randomUUID();
      sessionStorage.setItem(tabKey, id);
    }
    return id;
  } catch {
    return null;
  }
}

const noop: FlowStore<never> = {
  load: async () => null,
  save: async () => {},
  clear: async () => {},
};

/**
 * The browser's store: database `regain`, object store `flows`, key `<tab id> <scope>`. Where IndexedDB or
 * sessionStorage is missing, blocked or failing (private windows, sandboxed frames), every call quietly does
 * nothing and the flow simply does not survive a reload.
 */
export function idbFlowStore<T extends Expiring>(o: FlowStoreOptions = {}): FlowStore<T> {
  const now = o.now ?? Date.now;
  const tab = tabId();
  if (!tab || typeof indexedDB === 'undefined') return noop;
  const scope = o.scope ?? '';
  const key = `${tab} ${scope}`;
  const mark = (on: boolean) => {
    try {
      on ? sessionStorage.setItem(parkedKey, scope) : sessionStorage.removeItem(parkedKey);
    } catch {}
  };
  let opening: Promise<IDBPDatabase | null> | undefined;
  const db = () =>
    (opening ??= openDB(dbName, 1, {
      upgrade: (d) => {
        d.createObjectStore(storeName);
      },
    }).catch(() => null));
  const attempt = async <R>(f: (d: IDBPDatabase) => Promise<R>, fallback: R): Promise<R> => {
    try {
      const d = await db();
      return d ? await f(d) : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    load: () =>
      attempt(async (d) => {
        // Sweeps every expired record, not only this tab's: a tab closed mid-flow leaves its token behind.
        const tx = d.transaction(storeName, 'readwrite');
        let mine: T | null = null;
        for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
          const v = c.value as T;
          if (!v || typeof v.expiresAt !== 'string' || expired(v, now())) await c.delete();
          else if (c.key === key) mine = v;
        }
        await tx.done;
        if (!mine) mark(false);
        return mine;
      }, null),
    save: (s) => attempt((d) => d.put(storeName, s, key).then(() => mark(true)), undefined),
    clear: () => {
      mark(false);
      return attempt((d) => d.delete(storeName, key), undefined);
    },
  };
}
