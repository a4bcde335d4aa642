// A user's page: registration, methods masked as the user sees them with their source, blocks, recent events, and
// the helpdesk's action, unblocking.
import { useEffect, useState } from 'preact/hooks';
import { type ConsoleProblem, consoleApi, type UserAnswer } from './console-client.ts';
import { when } from './format.ts';
import { problemText } from './problem-text.ts';

const names: Record<string, string> = {
  alternateEmail: 'Alternate email',
  mobilePhone: 'Mobile phone',
  officePhone: 'Office phone',
};

export function User({ username }: { username: string }) {
  const [data, setData] = useState<UserAnswer | null>(null);
  const [error, setError] = useState<ConsoleProblem | null>(null);
  const [done, setDone] = useState('');
  const load = async () => {
    const r = await consoleApi.user(username);
    if (r.ok) setData(r.data);
    else setError(r.problem);
  };
  useEffect(() => void load(), [username]);
  if (error && !data)
    return (
      <p class="error" role="alert">
        {error.code === 'not_found' ? `There is no user ${username}.` : problemText(error)}
      </p>
    );
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { user } = data;
  return (
    <>
      <h1>
        {user.displayName} <span class="muted">({user.username})</span>
      </h1>
      {error && (
        <p class="error" role="alert">
          {problemText(error)}
        </p>
      )}
      <p>
        {data.configured ? 'Can reset their password.' : 'Cannot reset yet: not enough methods registered.'}
        {user.privileged && ' Privileged account.'}
        {user.disabled && ' Disabled.'}
        {user.locked && ' Locked in the directory.'}
      </p>
      <section aria-labelledby="u-methods">
        <h2 id="u-methods">Methods</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Shown as</th>
              <th scope="col">Source</th>
              <th scope="col">Verified</th>
              <th scope="col">Usable for reset from</th>
            </tr>
          </thead>
          <tbody>
            {data.methods.map((m) => (
              <tr key={`${m.id}-${m.source}`}>
                <td>{names[m.id] ?? m.id}</td>
                <td>{m.hint}</td>
                <td>{m.source}</td>
                <td>{m.source === 'user' ? when(m.verifiedAt) : 'given'}</td>
                <td>{when(m.usableForResetAt)}</td>
              </tr>
            ))}
            <tr>
              <td>Security questions</td>
              <td colSpan={4}>{data.questionsRegistered} registered</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section aria-labelledby="u-blocks">
        <h2 id="u-blocks">Blocks</h2>
        {data.blocks.length ? (
          <>
            <ul>
              {data.blocks.map((b) => (
                <li key={b.what}>
                  {b.what}: blocked until {when(b.until)}
                </li>
              ))}
            </ul>
            <button
              type="button"
              onClick={async () => {
                const r = await consoleApi.unblock(user.username);
                if (!r.ok) return setError(r.problem);
                setDone(`${user.displayName} is unblocked.`);
                await load();
              }}
            >
              Unblock
            </button>
          </>
        ) : (
          <p>Nothing is blocked.</p>
        )}
        <p role="status">{done}</p>
      </section>
      <section aria-labelledby="u-contact">
        <h2 id="u-contact">Contact data from an admin</h2>
        <p>
          Set what the user can reset with; an empty field stays as it is, <code>-</code> removes what an
          admin set.
          {user.privileged && ' This account is privileged: only admins can change it.'}
        </p>
        <form
          class="filters"
          onSubmit={async (ev) => {
            ev.preventDefault();
            const form = ev.currentTarget;
            const body: Record<string, string | null> = {};
            for (const [k, v] of new FormData(form)) {
              const value = String(v).trim();
              if (value) body[k] = value === '-' ? null : value;
            }
            if (!Object.keys(body).length) return setDone('Nothing to change.');
            const r = await consoleApi.setContact(user.username, body);
            if (!r.ok) return setError(r.problem);
            form.reset();
            setData(r.data);
            setDone(`Contact data of ${user.displayName} saved.`);
          }}
        >
          <label>
            Alternate email
            <input name="alternateEmail" type="email" autocomplete="off" />
          </label>
          <label>
            Mobile phone
            <input name="mobilePhone" type="tel" autocomplete="off" placeholder="+1 425 555 0100" />
          </label>
          <label>
            Office phone
            <input name="officePhone" type="tel" autocomplete="off" />
          </label>
          <button type="submit">Save contact data</button>
        </form>
        <p>
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              const r = await consoleApi.revokeOpen(user.username);
              if (!r.ok) return setError(r.problem);
              setDone(`Open resets and registration sessions of ${user.displayName} are ended.`);
              await load();
            }}
          >
            End open resets and sessions
          </button>
        </p>
      </section>
      <section aria-labelledby="u-events">
        <h2 id="u-events">Recent events</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Result</th>
              <th scope="col">Method</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {data.events.map((ev, i) => (
              <tr key={`${ev.at}-${i}`}>
                <td>{when(ev.at)}</td>
                <td>
                  {ev.kind}: {ev.detail}
                </td>
                <td>{ev.result}</td>
                <td>{ev.method ?? ''}</td>
                <td>{ev.actor ?? 'the user'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
