// Turns a parsed Apple property list (plist XML) into plain values, for checking .mobileconfig files in tests.
import { parseXml, type XmlElement } from './xml-tree.ts';

export type PlistValue = string | number | boolean | PlistValue[] | { [k: string]: PlistValue };

function value(el: XmlElement): PlistValue {
  switch (el.name) {
    case 'string':
    case 'date':
    case 'data':
      return el.text;
    case 'integer':
    case 'real':
      return Number(el.text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return el.children.map(value);
    case 'dict': {
      const out: Record<string, PlistValue> = {};
      for (let i = 0; i < el.children.length; i += 2) {
        const k = el.children[i]!;
        const v = el.children[i + 1];
        if (k.name !== 'key' || !v) throw new Error('plist dict must alternate <key> and a value');
        out[k.text] = value(v);
      }
      return out;
    }
    default:
      throw new Error(`unknown plist element <${el.name}>`);
  }
}

export function parsePlist(xml: string): PlistValue {
  const root = parseXml(xml);
  if (root.name !== 'plist' || root.children.length !== 1) throw new Error('not a plist with one top value');
  return value(root.children[0]!);
}
