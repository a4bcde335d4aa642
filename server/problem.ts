// The one error type flows throw; the HTTP layer renders it as RFC 9457 problem+json.
import type { ProblemCode, Violation } from '../api/problems.ts';

export interface ProblemExtras {
  detail?: string;
  field?: string;
  retryAfter?: number;
  attemptsLeft?: number;
  violations?: Violation[];
  /** With `409 flow_used` on verify: where the flow stands, so a client whose right code came late can go on. */
  gatesPassed?: number;
  gatesRequired?: number;
  next?: 'verify' | 'password';
  /** With `403 insufficient_scope`: the scope the route needs. */
  scope?: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly extras: ProblemExtras = {},
  ) {
    super(code);
  }
}

export const problem = (status: number, code: ProblemCode, extras?: ProblemExtras) =>
  new ProblemError(status, code, extras);
