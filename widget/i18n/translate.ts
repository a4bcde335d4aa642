// Builds the widget's translator from layers of strings: mount options > organization > language catalog > English.
import { en, type MessageKey, type Messages, type Translate } from './en.ts';

/** A layer of strings; a function is read on every call, so strings that arrive later (config) still apply. */
export type StringLayer = Messages | undefined | (() => Messages | undefined);

/** Returns a translator that takes each key from the first layer that has it, else English; `{name}` takes `params`. */
export function layeredTranslator(layers: readonly StringLayer[]): Translate {
  return (key: MessageKey, params: Record<string, string | number> = {}): string => {
    let text: string = en[key];
    for (const layer of layers) {
      const found = (typeof layer === 'function' ? layer() : layer)?.[key];
      if (typeof found === 'string') {
        text = found;
        break;
      }
    }
    return text.replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m));
  };
}

/**
 * The organization's strings (GET /v1/config `strings`, a flat `{ key: text }`) as seen in `locale`: a key
 * written `de:reset.title` applies to German only and wins over a plain `reset.title`, which applies to every
 * language. Keys the widget doesn't know are ignored.
 */
export function organizationStrings(all: Record<string, string> | undefined, locale: string): Messages {
  const out: Record<string, string> = {};
  if (!all) return out;
  const prefix = `${locale}:`;
  for (const [k, v] of Object.entries(all)) if (!k.includes(':') && k in en) out[k] = v;
  for (const [k, v] of Object.entries(all)) {
    const key = k.slice(prefix.length);
    if (k.startsWith(prefix) && key in en) out[key] = v;
  }
  return out as Messages;
}
