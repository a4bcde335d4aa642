// What a flow entry calls before drawing: picks the language, loads its catalog and builds the translator.
import type { Messages, Translate } from './en.ts';
import { type LoadOptions, loadMessages } from './load.ts';
import { dirFor, type Locale, resolveLocale } from './locale.ts';
import { layeredTranslator, organizationStrings } from './translate.ts';

type OrgStrings = Record<string, string> | undefined;

export interface PrepareOptions extends LoadOptions {
  /** `mount({ locale })`: used when supported, else the element's and the page's `lang`, then the browser's. */
  locale?: string | undefined;
  /** `mount({ strings })`: the page's own wording, which wins over everything else. */
  strings?: Messages | undefined;
  /**
   * GET /v1/config `strings`. Pass a getter when the config is still loading (`() => m.state.config?.strings`):
   * it is read on each translation, so the organization's wording applies as soon as the config arrives.
   */
  orgStrings?: OrgStrings | (() => OrgStrings);
}

export interface PreparedStrings {
  t: Translate;
  /** The language shown, for the root element's `lang` attribute. */
  lang: Locale;
  /** For the root element's `dir` attribute, so the stylesheet's logical properties mirror for Arabic. */
  dir: 'ltr' | 'rtl';
}

/**
 * Resolves the language for `host`, loads its catalog (nothing to fetch for English; English again if the
 * load fails) and returns a translator with mount strings > organization strings > catalog > English.
 */
export async function prepareStrings(host: Element, o: PrepareOptions = {}): Promise<PreparedStrings> {
  const lang = resolveLocale(host, o.locale);
  const catalog = await loadMessages(lang, o);
  const org = o.orgStrings;
  // The organization's strings are filtered per language once per config object, not on every call.
  let seen: OrgStrings;
  let cached: Messages = {};
  const orgLayer = (): Messages => {
    const all = typeof org === 'function' ? org() : org;
    if (all !== seen) {
      seen = all;
      cached = organizationStrings(all, lang);
    }
    return cached;
  };
  return { t: layeredTranslator([o.strings, orgLayer, catalog]), lang, dir: dirFor(lang) };
}
