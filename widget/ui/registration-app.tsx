// The registration flow's frame: the step's heading (focused on every step), the step view, errors and cancel.
import type { RegistrationMachine } from '../flows/registration-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { FlowFrame } from './flow-frame.tsx';
import { scopedErrors, useFlowState } from './flow-view.ts';
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
  const props = { m, s, t };
  const ended = step.name === 'done' || step.name === 'cancelled';
  const footer =
    !ended && step.name !== 'loading' && m.dismissible
      ? { label: t('cancel'), onClick: () => m.cancel() }
      : undefined;
  return (
    <FlowFrame t={t} s={s} step={step.name} title={t(titles[step.name] ?? 'reg.title')} footer={footer}>
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
    </FlowFrame>
  );
}
