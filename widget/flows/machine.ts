// What the three flow machines share: observable state, the error a problem becomes, and the helpdesk link.
import type { ApiProblem, ConfigAnswer } from '../api/client.ts';
import type { FlowError } from './reset-machine.ts';

/** State that views subscribe to; every change replaces it whole, so a view compares by identity. */
export abstract class Machine<S extends object> {
  abstract state: S;
  private readonly listeners = new Set<(s: S) => void>();

  subscribe(fn: (s: S) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  protected set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }
}

/** The error shown above a step for a problem: its code and the figures a view words (wait, attempts, rules). */
export function flowError(p: Pick<ApiProblem, 'code'> & Partial<ApiProblem>): FlowError {
  const error: FlowError = { code: p.code };
  if (p.retryAfter !== undefined) error.retryAfter = p.retryAfter;
  if (p.attemptsLeft !== undefined) error.attemptsLeft = p.attemptsLeft;
  if (p.violations) error.violations = p.violations;
  return error;
}

/** Where "Contact your helpdesk" goes: the organization's URL, else a mailto: link, else nowhere. */
export function helpdeskLink(config: ConfigAnswer): string | null {
  const h = config.organization.helpdesk;
  return h.url ?? (h.email ? `mailto:${h.email}` : null);
}
