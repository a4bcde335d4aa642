// A strict little XML reader for tests: throws on anything not well-formed, returns the element tree.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);|&/gi, (whole, ref: string | undefined) => {
    if (!ref) throw new Error('bare & in XML text');
    if (ref.startsWith('#x') || ref.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const e = entities[ref];
    if (e === undefined) throw new Error(`unknown entity ${whole}`);
    return e;
  });
}

/** Parses a document with one root element; prolog, comments, DOCTYPE and processing instructions are skipped. */
export function parseXml(src: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let p = 0;
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/([A-Za-z_][\w.:-]*)\s*>|<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|([^<]+)/gy;
  while (p < src.length) {
    token.lastIndex = p;
    const m = token.exec(src);
    if (!m) throw new Error(`XML syntax error at ${p}`);
    p = token.lastIndex;
    const [whole, close, open, attrText, selfClose, text] = m;
    if (whole === '<') throw new Error(`malformed tag at ${p - 1}`);
    if (text !== undefined) {
      if (stack.length === 0) {
        if (text.trim()) throw new Error('text outside the root element');
      } else stack[stack.length - 1]!.text += decode(text);
    } else if (close) {
      const top = stack.pop();
      if (!top || top.name !== close) throw new Error(`</${close}> does not close <${top?.name ?? ''}>`);
    } else if (open) {
      const attrs: Record<string, string> = {};
      for (const a of (attrText ?? '').matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
      }
      const el: XmlElement = { name: open, attrs, children: [], text: '' };
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) throw new Error('more than one root element');
      else root = el;
      if (!selfClose) stack.push(el);
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
