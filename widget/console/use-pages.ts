// Pages of a cursor-paged list, shared by the console's lists: the first page replaces, "More" appends.
import { useState } from 'preact/hooks';
import type { ConsoleProblem, Result } from './console-client.ts';

export function usePages<T, Q>(fetchPage: (query: Q, cursor?: string) => Promise<Result<T>>) {
  const [pages, setPages] = useState<T[]>([]);
  const [error, setError] = useState<ConsoleProblem | null>(null);
  const load = async (query: Q, cursor?: string) => {
    const r = await fetchPage(query, cursor);
    if (!r.ok) return setError(r.problem);
    setError(null);
    setPages((p) => (cursor ? [...p, r.data] : [r.data]));
  };
  return { pages, error, setError, load };
}
