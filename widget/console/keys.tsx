// The console's API keys (admins only): create one (its secret shown this once), see the others, revoke.
import { useEffect, useState } from 'preact/hooks';
import { type ConsoleProblem, consoleApi, type KeysAnswer } from './console-client.ts';
import { when } from './format.ts';
import { problemText } from './problem-text.ts';

export function Keys() {
  const [keys, setKeys] = useState<KeysAnswer['keys'] | null>(null);
  const [error, setError] = useState<ConsoleProblem | null>(null);
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const load = async () => {
    const r = await consoleApi.keys();
    if (r.ok) setKeys(r.data.keys);
    else setError(r.problem);
  };
  useEffect(() => void load(), []);
  if (error?.code === 'forbidden' && !keys)
    return (
      <>
        <h1>API keys</h1>
        <p role="alert">Only admins can manage API keys.</p>
      </>
    );
  return (
    <>
      <h1>API keys</h1>
      <section aria-labelledby="k-new">
        <h2 id="k-new">New key</h2>
        <form
          class="filters"
          onSubmit={async (ev) => {
            ev.preventDefault();
            const form = ev.currentTarget;
            const f = new FormData(form);
            const name = String(f.get('name') ?? '').trim();
            const cidrs = String(f.get('cidrs') ?? '')
              .split(/[\s,]+/)
              .filter(Boolean);
            const r = await consoleApi.createKey(
              name,
              f.get('scope') === 'admin' ? 'admin' : 'tickets',
              cidrs,
            );
            if (!r.ok) return setError(r.problem);
            setError(null);
            setSecret({ name, key: r.data.key });
            form.reset();
            await load();
          }}
        >
          <label>
            Name
            <input name="name" required maxLength={100} autocomplete="off" />
          </label>
          <label>
            Scope
            <select name="scope">
              <option value="tickets">tickets (a login backend minting registration tickets)</option>
              <option value="admin">admin (the admin API)</option>
            </select>
          </label>
          <label>
            Allowed from (CIDRs, optional)
            <input name="cidrs" placeholder="10.0.0.0/8 192.0.2.10/32" autocomplete="off" />
          </label>
          <button type="submit">Create key</button>
        </form>
      </section>
      {error && (
        <p class="error" role="alert">
          {problemText(error)}
        </p>
      )}
      {secret && (
        <div role="status" class="secret">
          <p>
            The key <strong>{secret.name}</strong> is below. Copy it now: it is shown this once and never
            again.
          </p>
          <code>{secret.key}</code>
        </div>
      )}
      <table>
        <caption>{keys ? `${keys.length} keys` : 'Loading…'}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scope</th>
            <th scope="col">Prefix</th>
            <th scope="col">Allowed from</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {(keys ?? []).map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.scope}</td>
              <td>
                <code>rgk_{k.prefix}</code>
              </td>
              <td>{k.cidrs.length ? k.cidrs.join(', ') : 'anywhere'}</td>
              <td>{when(k.createdAt)}</td>
              <td>{when(k.lastUsedAt)}</td>
              <td>
                {k.revokedAt ? (
                  `revoked ${when(k.revokedAt)}`
                ) : (
                  <button
                    type="button"
                    aria-label={`Revoke ${k.name}`}
                    onClick={async () => {
                      const r = await consoleApi.revokeKey(k.id);
                      if (!r.ok) return setError(r.problem);
                      await load();
                    }}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
