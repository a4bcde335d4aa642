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

/**
 * How long a read waits for managed storage. Chromium answers `storage.managed.get()` only once its policy
 * service is up (seconds after start-up, and in some profiles not at all without policy); until then the
 * options and defaults apply, and the late answer triggers a fresh read.
 */
export const MANAGED_WAIT_MS = 2000;

/** Managed values, or `{}` after `waitMs`; `late` is called if the real answer comes after that. */
function managedOrEmpty(s: StorageLike, waitMs: number, late?: () => void): Promise<Record<string, unknown>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let gaveUp = false;
  const real = readManaged(() => s.managed.get()).then((v) => {
    clearTimeout(timer);
    if (gaveUp) late?.();
    return v;
  });
  const fallback = new Promise<Record<string, unknown>>((resolve) => {
    timer = setTimeout(() => {
      gaveUp = true;
      resolve({});
    }, waitMs);
  });
  return Promise.race([real, fallback]);
}

/** Reads both sources now. */
export async function readConfig(
  s: StorageLike,
  o: { managedWaitMs?: number; late?: () => void } = {},
): Promise<Effective> {
  const [managed, local] = await Promise.all([
    managedOrEmpty(s, o.managedWaitMs ?? MANAGED_WAIT_MS, o.late),
    s.local.get(OPTIONS_KEY).then((r) => r[OPTIONS_KEY] ?? {}),
  ]);
  return effectiveConfig(managed, local);
}

/**
 * Calls `onChange` with the effective configuration now and after every change of a source: managed
 * values may arrive after start-up (policy fetched late), so nothing may assume they are there at once.
 * Reads are serialized so a slow read never overwrites a newer one. Returns a function that stops it.
 */
export function watchConfig(
  s: StorageLike,
  onChange: (e: Effective) => void | Promise<void>,
  o: { managedWaitMs?: number } = {},
): () => void {
  let chain = Promise.resolve();
  const refresh = (): void => {
    chain = chain
      .then(async () => onChange(await readConfig(s, { ...o, late: refresh })))
      .catch(() => undefined);
  };
  const listener = (changes: Changes, area: string) => {
    if (area === 'managed' || (area === 'local' && OPTIONS_KEY in changes)) refresh();
  };
  s.onChanged.addListener(listener);
  refresh();
  return () => s.onChanged.removeListener(listener);
}
