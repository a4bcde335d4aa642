// The per-user-name prompt cache in IndexedDB (through idb), in the background's own origin.
import { type IDBPDatabase, openDB } from 'idb';
import type { PromptEntry } from './prompt-rules.ts';

const STORE = 'prompts';

export interface PromptCache {
  get(username: string): Promise<PromptEntry | undefined>;
  put(entry: PromptEntry): Promise<void>;
  /** The most recently written entry, for the popup's status line. */
  latest(): Promise<PromptEntry | undefined>;
}

interface Row extends PromptEntry {
  writtenAt: number;
}

/**
 * Opens (creating on first use) the cache database; `name` lets tests keep databases apart. Its own name: the
 * widget's flows, running in the same extension origin, keep their own `regain` database.
 */
export async function openPromptCache(
  name = 'regain-extension-prompts',
  now: () => number = Date.now,
): Promise<PromptCache> {
  const db: IDBPDatabase = await openDB(name, 1, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: 'username' }).createIndex('writtenAt', 'writtenAt');
    },
  });
  return {
    async get(username) {
      const row = (await db.get(STORE, username)) as Row | undefined;
      if (!row) return undefined;
      const { writtenAt: _, ...entry } = row;
      return entry;
    },
    async put(entry) {
      await db.put(STORE, { ...entry, writtenAt: now() } satisfies Row);
    },
    async latest() {
      const cursor = await db.transaction(STORE).store.index('writtenAt').openCursor(null, 'prev');
      if (!cursor) return undefined;
      const { writtenAt: _, ...entry } = cursor.value as Row;
      return entry;
    },
  };
}
