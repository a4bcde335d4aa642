// Every Firefox difference in one place: the manifest patch for the Firefox build and the run-time quirks.

/** The add-on id Firefox needs for managed storage, policies and signing. */
export const GECKO_ID = 'regain@regain.dev';

type Manifest = Record<string, unknown> & { background?: Record<string, unknown> };

/**
 * Turns the Chrome manifest into Firefox's: background scripts instead of a service worker (crxjs then emits
 * its loader as `background.scripts`), a gecko id, and no `key` (Firefox ignores it; AMO lint warns).
 */
export function firefoxManifestPatch<T extends Manifest>(m: T): T {
  const { key: _key, minimum_chrome_version: _min, background, ...rest } = m;
  const worker = background?.service_worker;
  return {
    ...rest,
    background: { scripts: [worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '128.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as unknown as T;
}

/** Whether this run-time is Firefox (its extension pages live under moz-extension:). */
export function isFirefox(baseUrl: string): boolean {
  return baseUrl.startsWith('moz-extension:');
}

/**
 * Firefox refuses ports in match patterns, so it registers the pattern without one; the content script then
 * asks the background, which checks the full pattern (ports included) against the frame's URL.
 */
export function registrablePattern(pattern: string, firefox: boolean): string {
  return firefox ? pattern.replace(/^([^:]+:\/\/[^/:]+):(\d+|\*)\//, '$1/') : pattern;
}

/** Firefox rejects `storage.managed.get()` when no policy exists; that means "no managed values". */
export async function readManaged(
  get: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  try {
    return await get();
  } catch {
    return {};
  }
}
