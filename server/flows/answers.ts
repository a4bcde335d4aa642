// Security-answer normalization: trimmed, NFKC, case-folded, inner whitespace collapsed, before hashing.

export function normalizeAnswer(answer: string): string {
  return answer.normalize('NFKC').trim().toLocaleLowerCase('und').replace(/\s+/gu, ' ');
}
