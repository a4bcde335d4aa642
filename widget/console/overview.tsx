// The console's first page: registration coverage, recent resets, blocked users, directory and delivery status.
import { useEffect, useState } from 'preact/hooks';
import { type ConsoleProblem, consoleApi, type OverviewAnswer } from './console-client.ts';
import { problemText } from './problem-text.ts';

const nf = new Intl.NumberFormat();

export function Overview() {
  const [data, setData] = useState<OverviewAnswer | null>(null);
  const [error, setError] = useState<ConsoleProblem | null>(null);
  useEffect(() => {
    void consoleApi.overview().then((r) => (r.ok ? setData(r.data) : setError(r.problem)));
  }, []);
  if (error)
    return (
      <p class="error" role="alert">
        {problemText(error)}
      </p>
    );
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { users, resets, delivery } = data;
  return (
    <>
      <h1>Overview</h1>
      <div class="cards">
        <section aria-labelledby="o-reg">
          <h2 id="o-reg">Registration</h2>
          <p class="figure">{users.coverage}%</p>
          <p>
            {nf.format(users.registered)} of {nf.format(users.total)} users can reset their password.
          </p>
        </section>
        <section aria-labelledby="o-resets">
          <h2 id="o-resets">Resets</h2>
          <dl>
            <dt>Last 24 hours</dt>
            <dd>
              {nf.format(resets.day.succeeded)} of {nf.format(resets.day.started)} started (
              {resets.day.successRate}%)
            </dd>
            <dt>Last 7 days</dt>
            <dd>
              {nf.format(resets.week.succeeded)} of {nf.format(resets.week.started)} started (
              {resets.week.successRate}
              %)
            </dd>
          </dl>
        </section>
        <section aria-labelledby="o-blocked">
          <h2 id="o-blocked">Blocked now</h2>
          <p class="figure">{nf.format(data.blockedUsers)}</p>
          <p>users with a method blocked after too many failed attempts.</p>
        </section>
        <section aria-labelledby="o-health">
          <h2 id="o-health">Status</h2>
          <dl>
            <dt>Directory</dt>
            <dd class={data.directory.ok ? 'ok' : 'bad'}>
              {data.directory.ok ? 'Reachable' : 'Not reachable'}
            </dd>
            <dt>Codes and notices queued</dt>
            <dd>{nf.format(delivery.queued)}</dd>
            <dt>Failed deliveries, last hour</dt>
            <dd class={delivery.failedLastHour ? 'bad' : 'ok'}>{nf.format(delivery.failedLastHour)}</dd>
            {delivery.lastError && (
              <>
                <dt>Last provider error</dt>
                <dd>{delivery.lastError}</dd>
              </>
            )}
          </dl>
        </section>
      </div>
    </>
  );
}
