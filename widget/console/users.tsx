// The console's user search: a prefix of the name or display name, any case, 25 a page.
import { useEffect, useState } from 'preact/hooks';
import { consoleApi, type UsersAnswer } from './console-client.ts';
import { problemText } from './problem-text.ts';
import { usePages } from './use-pages.ts';

export function Users() {
  const [q, setQ] = useState(new URLSearchParams(location.search).get('q') ?? '');
  const { pages, error, load } = usePages<UsersAnswer, string>((query, after) =>
    consoleApi.users(query, after),
  );
  useEffect(() => void load(q), []);
  const users = pages.flatMap((p) => p.users);
  const next = pages.at(-1)?.next;
  return (
    <>
      <h1>Users</h1>
      <search>
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            history.replaceState(null, '', `?q=${encodeURIComponent(q)}`);
            void load(q);
          }}
        >
          <label>
            Name or display name starts with
            <input name="q" value={q} onInput={(ev) => setQ(ev.currentTarget.value)} autocomplete="off" />
          </label>
          <button type="submit">Search</button>
        </form>
      </search>
      {error && (
        <p class="error" role="alert">
          {problemText(error)}
        </p>
      )}
      <p aria-live="polite">{pages.length ? `${users.length}${next ? '+' : ''} found` : ''}</p>
      <ul class="list">
        {users.map((u) => (
          <li key={u.username} class="row">
            <a href={`/admin/users/${encodeURIComponent(u.username)}`}>{u.displayName}</a>{' '}
            <span>({u.username})</span>
            {u.privileged && <span class="tag">privileged</span>}
            {u.disabled && <span class="tag">disabled</span>}
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" onClick={() => void load(q, next)}>
          More
        </button>
      )}
    </>
  );
}
