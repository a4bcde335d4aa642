// Loads a language's catalog on demand: one dynamic import per language, so esbuild puts each in its own chunk.
import type { Messages } from './en.ts';
import type { Locale } from './locale.ts';

export type CatalogModule = { messages: Messages };
export type CatalogLoaders = Partial<Record<Locale, () => Promise<CatalogModule>>>;

/** Literal import() calls: esbuild can only split what it can see, and a template string would bundle them all. */
export const catalogLoaders: CatalogLoaders = {
  de: () => import('./locales/de.ts'),
  fr: () => import('./locales/fr.ts'),
  es: () => import('./locales/es.ts'),
  ja: () => import('./locales/ja.ts'),
  ar: () => import('./locales/ar.ts'),
};

export interface LoadOptions {
  loaders?: CatalogLoaders;
  /** After this long the flow goes on in English rather than wait on a stalled chunk (default 5 s). */
  timeoutMs?: number;
}

/**
 * The catalog for `locale`; `{}` (English, built in, nothing fetched) for English, an unknown language, or a
 * catalog that failed or took too long to load. Never rejects: a missing translation must not break a reset.
 */
export async function loadMessages(locale: string, o: LoadOptions = {}): Promise<Messages> {
  const load = (o.loaders ?? catalogLoaders)[locale as Locale];
  if (!load) return {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CatalogModule>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), o.timeoutMs ?? 5000);
  });
  try {
    return (await Promise.race([load(), timeout])).messages ?? {};
  } catch (e) {
    console.warn(`regain: the ${locale} strings did not load; using English`, e);
    return {};
  } finally {
    clearTimeout(timer);
  }
}
