// The change-password flow's view: one real <form> (user name, current and new password) with the live rule check.
import type { ChangePasswordMachine } from '../flows/change-password-machine.ts';
import type { Translate } from '../i18n/en.ts';
import { FlowFrame } from './flow-frame.tsx';
import { field, onSubmit, scopedErrors, useFlowState } from './flow-view.ts';
import { NewPasswordFields } from './new-password-fields.tsx';
import { UsernameField } from './username-field.tsx';

export function ChangePasswordApp({ m, t: base }: { m: ChangePasswordMachine; t: Translate }) {
  const s = useFlowState(m);
  const t = scopedErrors(base, 'change');
  const step = s.step;
  const check = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    m.passwordInput(input.value, input.form ? field(input.form, 'username') : undefined);
  };
  return (
    <FlowFrame
      t={t}
      s={s}
      step={step.name}
      title={t('change.title')}
      footer={step.name === 'form' ? { label: t('cancel'), onClick: () => m.cancel() } : undefined}
    >
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
          <UsernameField t={t} initial={s.username} readOnly={s.fixedUsername} />
          <label>
            {t('change.current')}
            <input name="current" type="password" autocomplete="current-password" required />
          </label>
          <NewPasswordFields
            t={t}
            password={s.config?.password}
            checking={step.checking}
            verdict={step.name === 'form' ? step.verdict : null}
            onInput={check}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={s.busy}>
              {t('change.submit')}
            </button>
          </div>
        </form>
      )}
      {step.name === 'done' && <p class="ok">{t('change.done')}</p>}
      {step.name === 'cancelled' && <p>{t('change.cancelled')}</p>}
    </FlowFrame>
  );
}
