// The reset steps as Preact views: each reads the machine's state and calls its actions, nothing else.
import { useEffect, useState } from 'preact/hooks';
import type { Channel, MethodId } from '../api/client.ts';
import type { ResetMachine, ResetState, Step } from '../flows/reset-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { field, onSubmit } from './flow-view.ts';

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
      <label>
        {t('username')}
        <input
          name="username"
          autocomplete="username"
          required
          value={s.username}
          spellcheck={false}
          autocapitalize="none"
        />
      </label>
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

export function CodeStep({ m, s, step, t }: StepProps<'code'>) {
  const wait = useSecondsUntil(step.resendAt);
  const sentKey = `code.sent.${step.channel}` as MessageKey;
  return (
    <form onSubmit={onSubmit((f) => void m.submitCode(field(f, 'code')))}>
      <p>{t(sentKey, { hint: step.method.hint })}</p>
      <label>
        {t('code.label', { n: step.codeLength })}
        <input
          name="code"
          autocomplete="one-time-code"
          inputmode="numeric"
          pattern="[0-9\s\-]*"
          maxlength={step.codeLength + 4}
          required
          spellcheck={false}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={s.busy}>
          {t('next')}
        </button>
        <button type="button" disabled={s.busy || wait > 0} onClick={() => void m.resend()}>
          {t('code.resend')}
        </button>
        <button type="button" class="link" onClick={() => m.back()}>
          {t('back')}
        </button>
      </div>
      {wait > 0 && <p class="note">{t('code.resendIn', { n: wait })}</p>}
    </form>
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
  const v = step.verdict;
  const min = s.config?.password.minLength ?? 8;
  const max = s.config?.password.maxLength ?? 256;
  return (
    <form onSubmit={onSubmit((f) => void m.setPassword(field(f, 'password'), field(f, 'confirm')))}>
      <label>
        {t('username')}
        <input name="username" autocomplete="username" value={s.username} readOnly />
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
          onInput={(e) => m.passwordInput((e.currentTarget as HTMLInputElement).value)}
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

const ruleKeys = { length: 1, common_password: 1, banned_score: 1, context_word: 1, history: 1, classes: 1 };

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
