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
  if (error)
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
