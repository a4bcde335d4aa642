// Small pieces the registration and change-password views share: machine subscription, step focus, forms, error wording.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { en, type MessageKey, type Translate } from '../i18n/en.ts';

/** What a flow machine offers a view: its current state and change notifications. */
export interface Observable<S> {
  state: S;
  subscribe(fn: (s: S) => void): () => void;
}

/** Redraws the calling view on every state change of `m`. */
export function useFlowState<S>(m: Observable<S>): S {
  const [state, setState] = useState(m.state);
  useEffect(() => {
    // Effects run after paint: a change made before then (a fast first answer) would otherwise be missed.
    setState(m.state);
    return m.subscribe(setState);
  }, [m]);
  return state;
}

/** Focuses the returned heading whenever `step` changes (not on first draw), so focus follows the flow. */
export function useStepFocus(step: string): RefObject<HTMLHeadingElement | null> {
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);
  return heading;
}

/** A form field's value as text. */
export const field = (form: HTMLFormElement, name: string): string =>
  String(new FormData(form).get(name) ?? '');

/** A submit handler that keeps the page from navigating and hands over the form. */
export const onSubmit = (f: (form: HTMLFormElement) => void) => (e: Event) => {
  e.preventDefault();
  f(e.currentTarget as HTMLFormElement);
};

/**
 * A translator whose `error.<code>` texts come from `<flow>.error.<code>` when that key exists: the same
 * problem code means different things to different flows (`unauthorized` is a wrong password here).
 */
export function scopedErrors(t: Translate, flow: 'reg' | 'change'): Translate {
  return (key, params) => {
    const scoped = `${flow}.${key}`;
    return key.startsWith('error.') && scoped in en ? t(scoped as MessageKey, params) : t(key, params);
  };
}
