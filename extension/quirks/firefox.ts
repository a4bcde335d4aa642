// Every Firefox difference in one place: the manifest patch for the Firefox build and the run-time quirks.

/** The add-on id Firefox needs for managed storage, policies and signing. */
export const GECKO_ID = 'regain@regain.dev';

/**
 * The oldest Firefox that reads `data_collection_permissions` (140, the current ESR; Android 142). Declaring it
 * for older versions is what AMO's linter warns about, and Firefox 140 ESR is what managed fleets run anyway.
 */
export const FIREFOX_MIN_VERSION = '140.0';
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';

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
        strict_min_version: FIREFOX_MIN_VERSION,
        // The extension collects and transmits nothing to us: what it sends goes to the organization's own
        // service. Firefox understands the key from 140 (Android 142); older versions would ignore it.
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
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
