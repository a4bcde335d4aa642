// The registration steps as Preact views: each reads the machine's state and calls its actions, nothing else.

import { useState } from 'preact/hooks';
import type { PhoneChannel } from '../../api/methods.ts';
import { contactMethodIds } from '../../api/methods.ts';
import type { RegisteredMethod } from '../api/client.ts';
import {
  complete,
  type RegistrationMachine,
  type RegState,
  type RegStep,
} from '../flows/registration-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { CodeForm } from './code-form.tsx';
import { field, onSubmit } from './flow-view.ts';
import { UsernameField } from './username-field.tsx';

export interface RegStepProps<N extends RegStep['name']> {
  m: RegistrationMachine;
  s: RegState;
  step: Extract<RegStep, { name: N }>;
  t: Translate;
}

const contactIds = contactMethodIds;

export function SignInStep({ m, s, t }: RegStepProps<'signin'>) {
  return (
    <form onSubmit={onSubmit((f) => void m.signIn(field(f, 'username'), field(f, 'password')))}>
      <p>{t('reg.signin')}</p>
      <UsernameField t={t} initial={s.username} />
      <label>
        {t('reg.password')}
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={s.busy}>
          {t('reg.signin.submit')}
        </button>
      </div>
    </form>
  );
}

export function PromptStep({ m, s, step, t }: RegStepProps<'prompt'>) {
  return (
    <div>
      <p>{t(s.status?.reconfirmDue ? 'prompt.reconfirm' : 'prompt.intro')}</p>
      {step.required && <p class="note">{t('prompt.required')}</p>}
      <div class="actions">
        <button type="button" class="primary" disabled={s.busy} onClick={() => void m.registerNow()}>
          {t('prompt.now')}
        </button>
        {!step.required && (
          <button type="button" disabled={s.busy} onClick={() => void m.snooze()}>
            {t('prompt.later', { n: step.snoozesLeft })}
          </button>
        )}
      </div>
    </div>
  );
}

function MethodState({ x, t }: { x: RegisteredMethod; t: Translate }) {
  const later = x.usableForResetAt && Date.parse(x.usableForResetAt) > Date.now();
  return (
    <span class="note">
      {x.source !== 'user' ? t('reg.managed') : t(x.verifiedAt ? 'reg.verified' : 'reg.unverified')}
      {later && ` · ${t('reg.usableFrom', { date: new Date(x.usableForResetAt!).toLocaleString() })}`}
    </span>
  );
}

export function OverviewStep({ m, s, t }: RegStepProps<'overview'>) {
  const reg = s.registration;
  const st = s.status;
  const enabled = s.config?.methods;
  const catalog = s.config?.registration.questions.catalog ?? [];
  const ids = contactIds.filter(
    (id) => !enabled || enabled.includes(id) || reg?.methods.some((x) => x.id === id),
  );
  const q = reg?.questions;
  return (
    <div>
      {s.displayName && <p>{t('reg.hello', { name: s.displayName })}</p>}
      {st && (
        <p class="note">
          {complete(st)
            ? t('reg.configured')
            : t('reg.progress', { n: st.methodsRegistered, of: st.methodsRequired })}
        </p>
      )}
      {st?.reconfirmDue && <p>{t('prompt.reconfirm')}</p>}
      <ul class="methods">
        {ids.map((id) => {
          const x = reg?.methods.find((y) => y.id === id);
          return (
            <li key={id}>
              <strong>{t(`reg.method.${id}` as MessageKey)}</strong>
              <span>{x ? x.hint : t('reg.notSet')}</span>
              {x && <MethodState x={x} t={t} />}
              <span class="actions">
                <button type="button" disabled={s.busy} onClick={() => m.openAdd(id)}>
                  {t(x ? 'reg.change' : 'reg.add')}
                </button>
                {x?.source === 'user' && (
                  <button type="button" disabled={s.busy} onClick={() => void m.remove(id)}>
                    {t('reg.remove')}
                  </button>
                )}
              </span>
            </li>
          );
        })}
        {q && q.required > 0 && catalog.length > 0 && (
          <li>
            <strong>{t('reg.method.questions')}</strong>
            <span>{t('reg.answered', { n: q.registered, of: q.required })}</span>
            <span class="actions">
              <button type="button" disabled={s.busy} onClick={() => m.openQuestions()}>
                {t(q.registered ? 'reg.change' : 'reg.add')}
              </button>
            </span>
          </li>
        )}
      </ul>
      <div class="actions">
        {st?.reconfirmDue && (
          <button type="button" class="primary" disabled={s.busy} onClick={() => void m.confirm()}>
            {t('reg.confirm')}
          </button>
        )}
        {st?.configured && !st.reconfirmDue && (
          <button type="button" class="primary" disabled={s.busy} onClick={() => m.finishNow()}>
            {t('reg.finish')}
          </button>
        )}
      </div>
    </div>
  );
}

function BackButton({ m, t }: { m: RegistrationMachine; t: Translate }) {
  return (
    <button type="button" class="link" onClick={() => m.back()}>
      {t('reg.back')}
    </button>
  );
}

export function StepUpStep({ m, s, step, t }: RegStepProps<'stepUp'>) {
  const choice = (x: RegisteredMethod, key: MessageKey, channel?: PhoneChannel) => (
    <li key={key}>
      <button type="button" disabled={s.busy} onClick={() => void m.chooseStepUp(x.id, channel)}>
        {t(key, { hint: x.hint })}
      </button>
    </li>
  );
  return (
    <div>
      <p>{t(step.methods.length ? 'reg.stepUp.intro' : 'reg.stepUp.none')}</p>
      <ul class="choices">
        {step.methods.flatMap((x) =>
          x.id === 'mobilePhone'
            ? [choice(x, 'method.mobilePhone', 'sms'), choice(x, 'reg.stepUp.voice', 'voice')]
            : [choice(x, `method.${x.id}` as MessageKey)],
        )}
      </ul>
      <BackButton m={m} t={t} />
    </div>
  );
}

export function StepUpCodeStep({ m, s, step, t }: RegStepProps<'stepUpCode'>) {
  const mobile = step.method.id === 'mobilePhone';
  return (
    <CodeForm
      t={t}
      busy={s.busy}
      back={{ label: t('reg.back'), onClick: () => m.back() }}
      sent={t(`code.sent.${step.channel}` as MessageKey, { hint: step.method.hint })}
      codeLength={step.codeLength}
      submit={(c) => void m.submitStepUpCode(c)}
      resend={() => void m.chooseStepUp(step.method.id, mobile ? (step.channel as PhoneChannel) : undefined)}
    />
  );
}

export function AddCodeStep({ m, s, step, t }: RegStepProps<'addCode'>) {
  return (
    <CodeForm
      t={t}
      busy={s.busy}
      back={{ label: t('reg.back'), onClick: () => m.back() }}
      sent={t(`code.sent.${step.channel}` as MessageKey, { hint: step.to })}
      codeLength={step.codeLength}
      submit={(c) => void m.submitAddCode(c)}
      resend={() => void m.resendAdd()}
    />
  );
}

export function AddStep({ m, s, step, t }: RegStepProps<'add'>) {
  const [channel, setChannel] = useState<PhoneChannel>('sms');
  const email = step.id === 'alternateEmail';
  return (
    <form onSubmit={onSubmit((f) => void m.submitAdd(field(f, 'value'), channel))}>
      <label>
        {t(`reg.add.${step.id}` as MessageKey)}
        <input
          name="value"
          required
          spellcheck={false}
          {...(email
            ? ({ type: 'email', autocomplete: 'email' } as const)
            : ({ type: 'tel', autocomplete: 'tel', inputmode: 'tel' } as const))}
        />
      </label>
      <div class="actions">
        {step.id === 'mobilePhone' ? (
          (['sms', 'voice'] as const).map((c) => (
            <button
              key={c}
              type="submit"
              class={c === 'sms' ? 'primary' : ''}
              disabled={s.busy}
              onClick={() => setChannel(c)}
            >
              {t(c === 'voice' ? 'proof.voice' : 'proof.sms')}
            </button>
          ))
        ) : (
          <button type="submit" class="primary" disabled={s.busy}>
            {t(email ? 'reg.add.send' : 'proof.voice')}
          </button>
        )}
        <BackButton m={m} t={t} />
      </div>
    </form>
  );
}

export function RegQuestionsStep({ m, s, step, t }: RegStepProps<'questions'>) {
  // Each select offers only questions no other select has taken, so the set stays distinct.
  const [chosen, setChosen] = useState<string[]>(() =>
    Array.from({ length: step.count }, (_, i) => step.catalog[i]?.id ?? ''),
  );
  const pick = (i: number, id: string) => setChosen(chosen.map((x, j) => (j === i ? id : x)));
  return (
    <form
      onSubmit={onSubmit(
        (f) =>
          void m.submitQuestions(chosen.map((id, i) => ({ questionId: id, answer: field(f, `a-${i}`) }))),
      )}
    >
      <p>{t('reg.questions.intro', { n: step.count })}</p>
      {chosen.map((id, i) => (
        <fieldset key={i}>
          <label>
            {t('reg.questions.question', { n: i + 1 })}
            <select
              name={`q-${i}`}
              required
              value={id}
              onChange={(e) => pick(i, (e.currentTarget as HTMLSelectElement).value)}
            >
              {step.catalog.map((q) => (
                <option key={q.id} value={q.id} disabled={q.id !== id && chosen.includes(q.id)}>
                  {q.text}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reg.questions.answer', { n: i + 1 })}
            <input
              name={`a-${i}`}
              autocomplete="off"
              required
              minLength={3}
              maxLength={40}
              spellcheck={false}
            />
          </label>
        </fieldset>
      ))}
      <div class="actions">
        <button type="submit" class="primary" disabled={s.busy}>
          {t('reg.save')}
        </button>
        <BackButton m={m} t={t} />
      </div>
    </form>
  );
}

export function RegDoneStep({ step, t }: RegStepProps<'done'>) {
  return <p class="ok">{t(`reg.done.${step.outcome}` as MessageKey)}</p>;
}
