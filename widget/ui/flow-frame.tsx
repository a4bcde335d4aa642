// The frame every flow draws in: the step's heading (focused on each new step), the step, errors and the footer.
import type { ComponentChildren } from 'preact';
import type { FlowError } from '../flows/reset-machine.ts';
import type { Translate } from '../i18n/en.ts';
import { ErrorBox } from './error-box.tsx';
import { useStepFocus } from './flow-view.ts';

export interface FlowFrameProps {
  t: Translate;
  step: string;
  title: string;
  s: { busy: boolean; error: FlowError | null; slow: boolean; helpdesk: string | null };
  /** The footer's one link-styled action (cancel, start again), if any. */
  footer?: { label: string; onClick: () => void } | undefined;
  children: ComponentChildren;
}

export function FlowFrame({ t, step, title, s, footer, children }: FlowFrameProps) {
  // Focus follows the step so keyboard and screen reader users land on the new content.
  const heading = useStepFocus(step);
  return (
    <section class="regain" aria-busy={s.busy}>
      <h2 ref={heading} tabIndex={-1} data-step={step}>
        {title}
      </h2>
      {children}
      <ErrorBox t={t} error={s.error} slow={s.slow} helpdesk={s.helpdesk} />
      {footer && (
        <div class="footer">
          <button type="button" class="link" onClick={footer.onClick}>
            {footer.label}
          </button>
        </div>
      )}
    </section>
  );
}
