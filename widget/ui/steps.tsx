// The reset steps as Preact views: each reads the machine's state and calls its actions, nothing else.
import { useState } from 'preact/hooks';
import type { Channel, MethodId } from '../api/client.ts';
import type { ResetMachine, ResetState, Step } from '../flows/reset-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { CodeForm } from './code-form.tsx';
import { field, onSubmit } from './flow-view.ts';
import { NewPasswordFields } from './new-password-fields.tsx';
import { UsernameField } from './username-field.tsx';

export interface StepProps<N extends Step['name']> {
  m: ResetMachine;
  s: ResetState;
  step: Extract<Step, { name: N }>;
  t: Translate;
}

export function StartStep({ m, s, step, t }: StepProps<'start'>) {
  return (
    <form onSubmit={onSubmit((f) => void m.start(field(f, 'username')))}>
      <p>{t('reset.intro')}</p>
      <UsernameField t={t} initial={s.username} />
      {step.solving && (
        <p class="note">
          {t('captcha.working', { n: step.captchaTried })} <progress aria-hidden="true" />
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={s.busy}>
          {t('next')}
        </button>
      </div>
    </form>
  );
}

export function MethodStep({ m, s, step, t }: StepProps<'method'>) {
  return (
    <div>
      {s.gatesRequired > 1 && (
        <p class="note">{t('method.gate', { n: s.gatesPassed + 1, of: s.gatesRequired })}</p>
      )}
      <ul class="choices">
        {step.methods.map((x) => (
          <li key={x.id}>
            <button type="button" disabled={s.busy} onClick={() => void m.chooseMethod(x.id as MethodId)}>
              {t(`method.${x.id}` as MessageKey, { hint: x.hint })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ProofStep({ m, s, step, t }: StepProps<'proof'>) {
  const [channel, setChannel] = useState<Channel>(step.channels[0] ?? 'sms');
  return (
    <form onSubmit={onSubmit((f) => void m.submitProof(field(f, 'phone'), channel))}>
      <label>
        {t('proof.label', { hint: step.method.hint })}
        <input name="phone" type="tel" autocomplete="tel" inputmode="tel" required />
      </label>
      <div class="actions">
        {step.channels.map((c) => (
          <button
            key={c}
            type="submit"
            class={c === step.channels[0] ? 'primary' : ''}
            disabled={s.busy}
            onClick={() => setChannel(c)}
          >
            {t(c === 'voice' ? 'proof.voice' : 'proof.sms')}
          </button>
        ))}
        <button type="button" class="link" onClick={() => m.back()}>
          {t('back')}
        </button>
      </div>
    </form>
  );
}

export function CodeStep({ m, s, step, t }: StepProps<'code'>) {
  return (
    <CodeForm
      t={t}
      busy={s.busy}
      sent={t(`code.sent.${step.channel}` as MessageKey, { hint: step.method.hint })}
      codeLength={step.codeLength}
      resendAt={step.resendAt}
      submit={(code) => void m.submitCode(code)}
      resend={() => void m.resend()}
      back={{ label: t('back'), onClick: () => m.back() }}
    />
  );
}

export function QuestionsStep({ m, s, step, t }: StepProps<'questions'>) {
  return (
    <form
      onSubmit={onSubmit(
        (f) => void m.submitAnswers(step.questions.map((q) => ({ id: q.id, answer: field(f, `q-${q.id}`) }))),
      )}
    >
      {step.questions.map((q) => (
        <label key={q.id}>
          {q.text}
          <input name={`q-${q.id}`} autocomplete="off" required spellcheck={false} />
        </label>
      ))}
      <div class="actions">
        <button type="submit" class="primary" disabled={s.busy}>
          {t('next')}
        </button>
        <button type="button" class="link" onClick={() => m.back()}>
          {t('back')}
        </button>
      </div>
    </form>
  );
}

export function PasswordStep({ m, s, step, t }: StepProps<'password'>) {
  return (
    <form onSubmit={onSubmit((f) => void m.setPassword(field(f, 'password'), field(f, 'confirm')))}>
      <UsernameField t={t} initial={s.username} readOnly />
      <NewPasswordFields
        t={t}
        password={s.config?.password}
        checking={step.checking}
        verdict={step.verdict}
        onInput={(e) => m.passwordInput((e.currentTarget as HTMLInputElement).value)}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={s.busy}>
          {t('password.submit')}
        </button>
        {s.unlockAvailable && (
          <button type="button" disabled={s.busy} onClick={() => void m.unlock()}>
            {t('password.unlock')}
          </button>
        )}
      </div>
    </form>
  );
}

export function DoneStep({ step, t }: StepProps<'done'>) {
  const key: MessageKey =
    step.outcome === 'unlocked' ? 'done.unlocked' : step.unlocked ? 'done.resetUnlocked' : 'done.reset';
  return (
    <div>
      <p class="ok">{t(key)}</p>
      <p>{t('done.signin')}</p>
    </div>
  );
}
