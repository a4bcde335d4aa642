// The reset flow's frame: the step's heading (focused on every step), the step view, errors, cancel and restart.
import type { ResetMachine } from '../flows/reset-machine.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';
import { FlowFrame } from './flow-frame.tsx';
import { useFlowState } from './flow-view.ts';
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
  const props = { m, s, t };
  const ended = step.name === 'done' || step.name === 'cancelled';
  const footer = ended
    ? { label: t('restart'), onClick: () => m.restart() }
    : step.name !== 'loading'
      ? { label: t('cancel'), onClick: () => void m.cancel() }
      : undefined;
  return (
    <FlowFrame t={t} s={s} step={step.name} title={t(titles[step.name] ?? 'reset.title')} footer={footer}>
      {step.name === 'start' && <StartStep {...props} step={step} />}
      {step.name === 'method' && <MethodStep {...props} step={step} />}
      {step.name === 'proof' && <ProofStep {...props} step={step} />}
      {step.name === 'code' && <CodeStep {...props} step={step} />}
      {step.name === 'questions' && <QuestionsStep {...props} step={step} />}
      {step.name === 'password' && <PasswordStep {...props} step={step} />}
      {step.name === 'done' && <DoneStep {...props} step={step} />}
      {step.name === 'cancelled' && <p>{t('cancelled')}</p>}
    </FlowFrame>
  );
}
