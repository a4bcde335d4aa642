// Parses a Windows .reg export (REGEDIT5) into keys and values, for checking the helpdesk template in tests.

export type RegValue = string | number;

/** Key path → value name → value (REG_SZ as its unescaped string, REG_DWORD as a number). */
export function parseRegFile(text: string): Map<string, Map<string, RegValue>> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0] !== 'Windows Registry Editor Version 5.00')
    throw new Error('missing the REGEDIT5 header line');
  const keys = new Map<string, Map<string, RegValue>>();
  let current: Map<string, RegValue> | undefined;
  for (const [i, line] of lines.entries()) {
    if (i === 0 || line.trim() === '' || line.startsWith(';')) continue;
    const key = /^\[([^\]]+)\]$/.exec(line);
    if (key) {
      current = keys.get(key[1]!) ?? new Map();
      keys.set(key[1]!, current);
      continue;
    }
    if (!current) throw new Error(`line ${i + 1}: value outside a key`);
    const sz = /^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$/.exec(line);
    const dword = /^"((?:[^"\\]|\\.)*)"=dword:([0-9a-fA-F]{8})$/.exec(line);
    const unreg = (s: string) => s.replace(/\\(.)/g, '$1');
    if (sz) current.set(unreg(sz[1]!), unreg(sz[2]!));
    else if (dword) current.set(unreg(dword[1]!), Number.parseInt(dword[2]!, 16));
    else throw new Error(`line ${i + 1}: not a REG_SZ or REG_DWORD value: ${line}`);
  }
  return keys;
}
