// The reset flow's frame: the step's heading (focused on every step), the step view, errors, cancel and restart.
import type { ResetMachine } from '../flows/reset-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { ErrorBox } from './error-box.tsx';
import { useFlowState, useStepFocus } from './flow-view.ts';
import {
  CodeStep,
  DoneStep,
  MethodStep,
  PasswordStep,
  ProofStep,
  QuestionsStep,
  StartStep,
} from './steps.tsx';

const titles: Record<string, MessageKey> = {
  loading: 'reset.title',
  start: 'reset.title',
  method: 'method.title',
  proof: 'proof.title',
  code: 'code.title',
  questions: 'questions.title',
  password: 'password.title',
  done: 'reset.title',
  cancelled: 'reset.title',
};

export function ResetApp({ m, t }: { m: ResetMachine; t: Translate }) {
  const s = useFlowState(m);
  const step = s.step;
  // Focus follows the step so keyboard and screen reader users land on the new content.
  const heading = useStepFocus(step.name);
  const props = { m, s, t };
  const ended = step.name === 'done' || step.name === 'cancelled';
  return (
    <section class="regain" aria-busy={s.busy}>
      <h2 ref={heading} tabIndex={-1} data-step={step.name}>
        {t(titles[step.name] ?? 'reset.title')}
      </h2>
      {step.name === 'start' && <StartStep {...props} step={step} />}
      {step.name === 'method' && <MethodStep {...props} step={step} />}
      {step.name === 'proof' && <ProofStep {...props} step={step} />}
      {step.name === 'code' && <CodeStep {...props} step={step} />}
      {step.name === 'questions' && <QuestionsStep {...props} step={step} />}
      {step.name === 'password' && <PasswordStep {...props} step={step} />}
      {step.name === 'done' && <DoneStep {...props} step={step} />}
      {step.name === 'cancelled' && <p>{t('cancelled')}</p>}
      <ErrorBox t={t} error={s.error} slow={s.slow} helpdesk={s.helpdesk} />
      <div class="footer">
        {ended ? (
          <button type="button" class="link" onClick={() => m.restart()}>
            {t('restart')}
          </button>
        ) : (
          step.name !== 'loading' && (
            <button type="button" class="link" onClick={() => void m.cancel()}>
              {t('cancel')}
            </button>
          )
        )}
      </div>
    </section>
  );
}
