// The error line (announced through aria-live) and the helpdesk link shown with every error and when a step is slow.
import type { FlowError } from '../flows/reset-machine.ts';
import { type MessageKey, en as messagesKnown, type Translate } from '../i18n/en.ts';

export function errorText(t: Translate, e: FlowError): string {
  if (e.code === 'invalid_code' && e.attemptsLeft !== undefined)
    return t('error.invalid_code.left', { n: e.attemptsLeft });
  if (e.code === 'throttled' && e.retryAfter)
    return t('error.throttled.after', { n: Math.ceil(e.retryAfter / 60) });
  const key = `error.${e.code}` as MessageKey;
  return key in messagesKnown ? t(key) : t('error.unknown');
}

export function ErrorBox(p: {
  t: Translate;
  error: FlowError | null;
  slow: boolean;
  helpdesk: string | null;
}) {
  const { t, error, slow, helpdesk } = p;
  const show = error || slow;
  return (
    <div class="status" role="status" aria-live="polite">
      {error && <p class="error">{errorText(t, error)}</p>}
      {!error && slow && <p class="note">{t('slow')}</p>}
      {show && helpdesk && (
        <p>
          <a class="helpdesk" href={helpdesk} target="_blank" rel="noopener noreferrer">
            {t('helpdesk')}
          </a>
        </p>
      )}
    </div>
  );
}
