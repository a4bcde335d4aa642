// Reads the effective configuration from storage (managed over options over defaults) and follows changes.
import { readManaged } from '../quirks/firefox.ts';
import { type Effective, effectiveConfig } from './config.ts';

/** The key under which the options page keeps the user's own settings in storage.local. */
export const OPTIONS_KEY = 'options';

type Changes = Record<string, unknown>;

/** The slice of `browser.storage` this needs, so tests can pass a fake one. */
export interface StorageLike {
  managed: { get(): Promise<Record<string, unknown>> };
  local: { get(key: string): Promise<Record<string, unknown>> };
  onChanged: {
    addListener(fn: (changes: Changes, area: string) => void): void;
    removeListener(fn: (changes: Changes, area: string) => void): void;
  };
}

/** Reads both sources now. */
export async function readConfig(s: StorageLike): Promise<Effective> {
  const [managed, local] = await Promise.all([
    readManaged(() => s.managed.get()),
    s.local.get(OPTIONS_KEY).then((r) => r[OPTIONS_KEY] ?? {}),
  ]);
  return effectiveConfig(managed, local);
}

/**
 * Calls `onChange` with the effective configuration now and after every change of a source: managed
 * values may arrive after start-up (policy fetched late), so nothing may assume they are there at once.
 * Reads are serialized so a slow read never overwrites a newer one. Returns a function that stops it.
 */
export function watchConfig(s: StorageLike, onChange: (e: Effective) => void | Promise<void>): () => void {
  let chain = Promise.resolve();
  const refresh = () => {
    chain = chain.then(async () => onChange(await readConfig(s))).catch(() => undefined);
  };
  const listener = (changes: Changes, area: string) => {
    if (area === 'managed' || (area === 'local' && OPTIONS_KEY in changes)) refresh();
  };
  s.onChanged.addListener(listener);
  refresh();
  return () => s.onChanged.removeListener(listener);
}
