// The one-time-code form every flow uses: the code field, submit, resend (with the server's pacing shown) and back.
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../i18n/en.ts';
import { field, onSubmit } from './flow-view.ts';

/** Whole seconds until `at` (epoch ms), ticking down once a second; 0 once it has passed. */
function useSecondsUntil(at: number): number {
  const left = () => Math.max(0, Math.ceil((at - Date.now()) / 1000));
  const [n, setN] = useState(left);
  useEffect(() => {
    setN(left());
    const id = setInterval(() => setN(left()), 1000);
    return () => clearInterval(id);
  }, [at]);
  return n;
}

export interface CodeFormProps {
  t: Translate;
  busy: boolean;
  /** "We emailed a code to …", already worded for the channel. */
  sent: string;
  codeLength: number;
  /** Epoch ms from which a resend is allowed; 0 when the server gave no pacing. */
  resendAt?: number;
  submit: (code: string) => void;
  resend: () => void;
  back: { label: string; onClick: () => void };
}

export function CodeForm(p: CodeFormProps) {
  const { t } = p;
  const wait = useSecondsUntil(p.resendAt ?? 0);
  return (
    <form onSubmit={onSubmit((f) => p.submit(field(f, 'code')))}>
      <p>{p.sent}</p>
      <label>
        {t('code.label', { n: p.codeLength })}
        <input
          name="code"
          autocomplete="one-time-code"
          inputmode="numeric"
          pattern="[0-9\s\-]*"
          maxlength={p.codeLength + 4}
          required
          spellcheck={false}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={p.busy}>
          {t('next')}
        </button>
        <button type="button" disabled={p.busy || wait > 0} onClick={p.resend}>
          {t('code.resend')}
        </button>
        <button type="button" class="link" onClick={p.back.onClick}>
          {p.back.label}
        </button>
      </div>
      {wait > 0 && <p class="note">{t('code.resendIn', { n: wait })}</p>}
    </form>
  );
}
