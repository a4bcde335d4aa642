// The change-password flow's view: one real <form> (user name, current and new password) with the live rule check.
import type { ChangePasswordMachine } from '../flows/change-password-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { ErrorBox } from './error-box.tsx';
import { field, onSubmit, scopedErrors, useFlowState, useStepFocus } from './flow-view.ts';

const ruleKeys = { length: 1, common_password: 1, banned_score: 1, context_word: 1, history: 1, classes: 1 };

export function ChangePasswordApp({ m, t: base }: { m: ChangePasswordMachine; t: Translate }) {
  const s = useFlowState(m);
  const t = scopedErrors(base, 'change');
  const step = s.step;
  const heading = useStepFocus(step.name);
  const min = s.config?.password.minLength ?? 8;
  const max = s.config?.password.maxLength ?? 256;
  const v = step.name === 'form' ? step.verdict : null;
  const check = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    m.passwordInput(input.value, input.form ? field(input.form, 'username') : undefined);
  };
  return (
    <section class="regain" aria-busy={s.busy}>
      <h2 ref={heading} tabIndex={-1} data-step={step.name}>
        {t('change.title')}
      </h2>
      {step.name === 'form' && (
        <form
          onSubmit={onSubmit(
            (f) =>
              void m.submit({
                username: field(f, 'username'),
                currentPassword: field(f, 'current'),
                newPassword: field(f, 'password'),
                confirm: field(f, 'confirm'),
              }),
          )}
        >
          <label>
            {t('username')}
            <input
              name="username"
              autocomplete="username"
              required
              readOnly={s.fixedUsername}
              // Not `value`: a redraw during the live check must not undo what the user typed.
              defaultValue={s.username}
              spellcheck={false}
              autocapitalize="none"
            />
          </label>
          <label>
            {t('change.current')}
            <input name="current" type="password" autocomplete="current-password" required />
          </label>
          <label>
            {t('password.new')}
            <input
              name="password"
              type="password"
              autocomplete="new-password"
              required
              minLength={min}
              maxLength={max}
              aria-describedby="rules"
              onInput={check}
            />
          </label>
          <label>
            {t('password.confirm')}
            <input name="confirm" type="password" autocomplete="new-password" required />
          </label>
          <div id="rules" aria-live="polite">
            {step.checking && <p class="note">{t('password.checking')}</p>}
            {v?.accepted && <p class="ok">{t('password.ok')}</p>}
            {v && !v.accepted && (
              <ul class="rules">
                {v.violations.map((x) => (
                  <li key={x.rule}>
                    {x.rule in ruleKeys
                      ? t(`rule.${x.rule}` as MessageKey, { min, max, ...x.params })
                      : x.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div class="actions">
            <button type="submit" class="primary" disabled={s.busy}>
              {t('change.submit')}
            </button>
          </div>
        </form>
      )}
      {step.name === 'done' && <p class="ok">{t('change.done')}</p>}
      {step.name === 'cancelled' && <p>{t('change.cancelled')}</p>}
      <ErrorBox t={t} error={s.error} slow={s.slow} helpdesk={s.helpdesk} />
      {step.name === 'form' && (
        <div class="footer">
          <button type="button" class="link" onClick={() => m.cancel()}>
            {t('cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
