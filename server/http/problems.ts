// Renders problems as RFC 9457 problem+json; anything unexpected becomes a bare 500 with no internals.
import type { Context } from 'hono';
import type { ProblemCode } from '../../api/problems.ts';
import { ProblemError } from '../problem.ts';

const titles: Record<ProblemCode, string> = {
  validation_failed: 'The request is not valid.',
  unauthorized: 'The credentials are not valid.',
  insufficient_scope: 'This key may not make this call.',
  forbidden: 'This is not allowed.',
  not_found: 'Nothing is here.',
  method_not_allowed: 'This method is not allowed here.',
  unsupported_media_type: 'Send JSON (Content-Type: application/json).',
  payload_too_large: 'The request body is too large.',
  captcha_invalid: 'The captcha was not solved. Try again.',
  flow_expired: 'This reset has expired. Start again.',
  flow_used: 'This reset was already used.',
  gate_required: 'Verify your identity first.',
  proof_mismatch: 'Incorrect phone number specified.',
  invalid_code: 'The code is not right.',
  code_expired: 'The code has expired. Ask for a new one.',
  throttled: 'Too many attempts. Try again later.',
  send_paced: 'A code was sent a moment ago. Wait before asking again.',
  password_rejected: 'Choose a different password.',
  directory_unavailable: "Your password can't be reset right now. Try again soon.",
  directory_rejected: 'The directory refused this password.',
  unlock_not_applicable: 'The account is not locked.',
  step_up_required: 'Verify with a method you registered before.',
  registration_changed: 'Your information changed elsewhere. Reload and try again.',
  snooze_exhausted: 'You can no longer postpone registration.',
  reset_disabled: 'Password reset is not enabled. Contact your helpdesk.',
  second_factor_required:
    'The console needs a second factor: register an email address or a phone for yourself first.',
  csrf_refused: 'Console calls come from the console page only.',
  unavailable: 'The service is unavailable. Try again soon.',
  internal_error: 'Something went wrong on our side.',
};

export function problemResponse(c: Context, err: ProblemError): Response {
  const { status, code, extras } = err;
  const body = { type: `https://regain.dev/problems/${code}`, title: titles[code], status, code, ...extras };
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  if (extras.retryAfter !== undefined) headers['Retry-After'] = String(extras.retryAfter);
  // RFC 9110 §15.5.2 and RFC 6750 §3: every 401 names its scheme, and says when the token sent was the problem.
  // The console's calls ride on its session cookie, not a bearer token: their 401 names that instead.
  if (status === 401 && c.req.path.startsWith('/admin/'))
    headers['WWW-Authenticate'] = 'Cookie realm="regain-console"';
  else if (status === 401)
    headers['WWW-Authenticate'] = c.req.header('authorization')
      ? 'Bearer realm="regain", error="invalid_token"'
      : 'Bearer realm="regain"';
  if (code === 'insufficient_scope')
    headers['WWW-Authenticate'] =
      `Bearer realm="regain", error="insufficient_scope", scope="${extras.scope ?? ''}"`;
  // The rest of an oversized body is not worth reading: Node closes the connection once this answer is out.
  if (status === 413) headers.Connection = 'close';
  return c.body(JSON.stringify(body), status as 400, headers);
}

export function unexpected(c: Context): Response {
  return problemResponse(c, new ProblemError(500, 'internal_error'));
}

export { ProblemError };
