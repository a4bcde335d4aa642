// The console's sign-in: user name and password, then the admin's own method, then the code sent to it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ConsoleProblem, consoleApi, type Me, type SignInAnswer } from './console-client.ts';
import { problemText } from './problem-text.ts';

type Step =
  | { name: 'password' }
  | { name: 'method'; pending: SignInAnswer }
  | { name: 'code'; pending: SignInAnswer; method: string; codeLength: number };

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [error, setError] = useState<ConsoleProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Each step's heading takes focus, so a screen reader hears where the sign-in went.
  useEffect(() => heading.current?.focus(), [step.name]);

  const run = async <T,>(
    work: () => Promise<{ ok: true; data: T } | { ok: false; problem: ConsoleProblem }>,
  ) => {
    setBusy(true);
    setError(null);
    const r = await work();
    setBusy(false);
    if (!r.ok) setError(r.problem);
    return r.ok ? r.data : null;
  };

  const sendCode = async (pending: SignInAnswer, method: string) => {
    const sent = await run(() => consoleApi.challenge(pending.challenge, method));
    if (sent) setStep({ name: 'code', pending, method, codeLength: sent.codeLength });
  };

  return (
    <main class="narrow">
      <h1 tabIndex={-1} ref={heading}>
        {step.name === 'password' ? 'Sign in to the Regain console' : 'Verify it is you'}
      </h1>
      {error && (
        <p class="error" role="alert">
          {problemText(error)}
        </p>
      )}
      {step.name === 'password' && (
        <form
          onSubmit={async (ev) => {
            ev.preventDefault();
            const f = new FormData(ev.currentTarget);
            const pending = await run(() =>
              consoleApi.signIn(String(f.get('username') ?? ''), String(f.get('password') ?? '')),
            );
            if (!pending) return;
            // One method: send its code at once; several: let the admin choose.
            if (pending.methods.length === 1) await sendCode(pending, pending.methods[0]!.id);
            else setStep({ name: 'method', pending });
          }}
        >
          <label>
            User name
            <input name="username" autocomplete="username" required />
          </label>
          <label>
            Password
            <input name="password" type="password" autocomplete="current-password" required />
          </label>
          <button type="submit" disabled={busy}>
            Next
          </button>
        </form>
      )}
      {step.name === 'method' && (
        <>
          <p>Where should we send your code?</p>
          <ul class="choices">
            {step.pending.methods.map((m) => (
              <li key={m.id}>
                <button type="button" disabled={busy} onClick={() => sendCode(step.pending, m.id)}>
                  {m.type === 'email'
                    ? 'Email a code to'
                    : m.id === 'officePhone'
                      ? 'Call'
                      : 'Text a code to'}{' '}
                  {m.hint}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {step.name === 'code' && (
        <form
          onSubmit={async (ev) => {
            ev.preventDefault();
            const code = String(new FormData(ev.currentTarget).get('code') ?? '').trim();
            const me = await run(() => consoleApi.verify(step.pending.challenge, step.method, code));
            if (me) onSignedIn(me);
          }}
        >
          <p>
            We sent a {step.codeLength}-digit code to{' '}
            {step.pending.methods.find((m) => m.id === step.method)?.hint}.
          </p>
          <label>
            Code
            <input
              name="code"
              inputMode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9]*"
              maxLength={step.codeLength}
              required
            />
          </label>
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      )}
    </main>
  );
}
