// The console's audit (admins only): filters, newest first, a page of 100 at a time, and the same rows as CSV.
import { useEffect, useState } from 'preact/hooks';
import { type AuditAnswer, consoleApi } from './console-client.ts';
import { when } from './format.ts';
import { problemText } from './problem-text.ts';
import { usePages } from './use-pages.ts';

const results = ['', 'succeeded', 'failed', 'blocked', 'abandoned', 'cancelled', 'contactedAdmin'];

/** The form's filters as the API's query; empty fields are left out, dates become ISO times. */
function filtersOf(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) {
    const value = String(v).trim();
    if (!value) continue;
    out[k] = k === 'from' || k === 'to' ? new Date(value).toISOString() : value;
  }
  return out;
}

export function Audit() {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const { pages, error, setError, load } = usePages<AuditAnswer, Record<string, string>>((f, cursor) =>
    consoleApi.audit(cursor ? { ...f, cursor } : f),
  );
  useEffect(() => void load({}), []);
  if (error?.code === 'forbidden')
    return (
      <>
        <h1>Audit</h1>
        <p role="alert">Only admins can see the audit.</p>
      </>
    );
  const events = pages.flatMap((p) => p.events);
  const next = pages.at(-1)?.nextCursor;
  return (
    <>
      <h1>Audit</h1>
      <search>
        <form
          class="filters"
          onSubmit={(ev) => {
            ev.preventDefault();
            const f = filtersOf(ev.currentTarget);
            setFilters(f);
            void load(f);
          }}
        >
          <label>
            User
            <input name="user" autocomplete="off" />
          </label>
          <label>
            Kind
            <input name="kind" placeholder="reset, registration, console…" autocomplete="off" />
          </label>
          <label>
            Result
            <select name="result">
              {results.map((r) => (
                <option key={r} value={r}>
                  {r || 'any'}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input name="from" type="datetime-local" />
          </label>
          <label>
            To
            <input name="to" type="datetime-local" />
          </label>
          <button type="submit">Filter</button>
          <button
            type="button"
            onClick={async () => {
              const blob = await consoleApi.auditCsv(filters);
              if (!blob) return setError({ status: 0, code: 'network_error' });
              const a = document.createElement('a');
              a.href = URL.createObjectURL(blob);
              a.download = 'regain-audit.csv';
              a.click();
              URL.revokeObjectURL(a.href);
            }}
          >
            Download CSV
          </button>
        </form>
      </search>
      {error && (
        <p class="error" role="alert">
          {problemText(error)}
        </p>
      )}
      <table>
        <caption>
          {events.length ? `${events.length}${next ? '+' : ''} events, newest first` : 'No events'}
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Result</th>
            <th scope="col">User</th>
            <th scope="col">By</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          {events.map((ev) => (
            <tr key={ev.id}>
              <td>{when(ev.at)}</td>
              <td>
                {ev.kind}: {ev.detail}
                {ev.method ? ` (${ev.method})` : ''}
              </td>
              <td>{ev.result}</td>
              <td>{ev.user ?? (ev.subjectHmac ? 'unknown name' : '')}</td>
              <td>{ev.actor ?? ''}</td>
              <td>{ev.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void load(filters, next)}>
          More
        </button>
      )}
    </>
  );
}
