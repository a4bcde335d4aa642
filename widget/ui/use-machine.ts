// Subscribes a Preact view to a state machine so every change redraws it.
import { useEffect, useState } from 'preact/hooks';
import type { ResetMachine, ResetState } from '../flows/reset-machine.ts';

export function useMachine(m: ResetMachine): ResetState {
  const [state, setState] = useState(m.state);
  useEffect(() => m.subscribe(setState), [m]);
  return state;
}
