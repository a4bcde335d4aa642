// The registration flow's frame: the step's heading (focused on every step), the step view, errors and cancel.
import type { RegistrationMachine } from '../flows/registration-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { ErrorBox } from './error-box.tsx';
import { scopedErrors, useFlowState, useStepFocus } from './flow-view.ts';
import {
  AddCodeStep,
  AddStep,
  OverviewStep,
  PromptStep,
  RegDoneStep,
  RegQuestionsStep,
  SignInStep,
  StepUpCodeStep,
  StepUpStep,
} from './registration-steps.tsx';

const titles: Record<string, MessageKey> = {
  prompt: 'prompt.title',
  stepUp: 'reg.stepUp.title',
  stepUpCode: 'reg.stepUp.title',
  add: 'reg.add.title',
  addCode: 'code.title',
  questions: 'reg.questions.title',
};

export function RegistrationApp({ m, t: base }: { m: RegistrationMachine; t: Translate }) {
  const s = useFlowState(m);
  const t = scopedErrors(base, 'reg');
  const step = s.step;
  const heading = useStepFocus(step.name);
  const props = { m, s, t };
  const ended = step.name === 'done' || step.name === 'cancelled';
  return (
    <section class="regain" aria-busy={s.busy}>
      <h2 ref={heading} tabIndex={-1} data-step={step.name}>
        {t(titles[step.name] ?? 'reg.title')}
      </h2>
      {step.name === 'signin' && <SignInStep {...props} step={step} />}
      {step.name === 'prompt' && <PromptStep {...props} step={step} />}
      {step.name === 'overview' && <OverviewStep {...props} step={step} />}
      {step.name === 'stepUp' && <StepUpStep {...props} step={step} />}
      {step.name === 'stepUpCode' && <StepUpCodeStep {...props} step={step} />}
      {step.name === 'add' && <AddStep {...props} step={step} />}
      {step.name === 'addCode' && <AddCodeStep {...props} step={step} />}
      {step.name === 'questions' && <RegQuestionsStep {...props} step={step} />}
      {step.name === 'done' && <RegDoneStep {...props} step={step} />}
      {step.name === 'cancelled' && <p>{t('reg.cancelled')}</p>}
      <ErrorBox t={t} error={s.error} slow={s.slow} helpdesk={s.helpdesk} />
      {!ended && step.name !== 'loading' && m.dismissible && (
        <div class="footer">
          <button type="button" class="link" onClick={() => m.cancel()}>
            {t('cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
