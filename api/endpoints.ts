// Where each call of API v1 lives and what credential it takes: plain data (no zod), one export per call so a client
// bundles only the calls it makes. api/routes.ts adds the schemas; a call missing there fails to compile.

/** `metrics`: a caller from `metrics.allowFrom` (loopback by default) or with the `metrics.token` as Bearer. */
export type Auth =
  | 'none'
  | 'flow'
  | 'flowOptional'
  | 'session'
  | 'admin'
  | 'tickets'
  | 'metrics'
  /** The console's own page (same origin, the console's header), before a session exists: the sign-in calls. */
  | 'consoleSignIn'
  /** A console session's cookie, from the console's own page. */
  | 'console'
  /** The same, where no session is an answer too (who is signed in: nobody). */
  | 'consoleOptional';

export interface Endpoint {
  /** The call's name in the route table. */
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** With `{param}` placeholders. */
  path: string;
  auth: Auth;
}

export const config = {
  name: 'config',
  method: 'get',
  path: '/v1/config',
  auth: 'none',
} as const satisfies Endpoint;
export const captcha = {
  name: 'captcha',
  method: 'get',
  path: '/v1/captcha',
  auth: 'none',
} as const satisfies Endpoint;
export const passwordCheck = {
  name: 'passwordCheck',
  method: 'post',
  path: '/v1/password/check',
  auth: 'flowOptional',
} as const satisfies Endpoint;
export const passwordChange = {
  name: 'passwordChange',
  method: 'post',
  path: '/v1/password/change',
  auth: 'none',
} as const satisfies Endpoint;
export const resetStart = {
  name: 'resetStart',
  method: 'post',
  path: '/v1/reset',
  auth: 'none',
} as const satisfies Endpoint;
export const resetChallenge = {
  name: 'resetChallenge',
  method: 'post',
  path: '/v1/reset/challenge',
  auth: 'flow',
} as const satisfies Endpoint;
export const resetVerify = {
  name: 'resetVerify',
  method: 'post',
  path: '/v1/reset/verify',
  auth: 'flow',
} as const satisfies Endpoint;
export const resetPassword = {
  name: 'resetPassword',
  method: 'post',
  path: '/v1/reset/password',
  auth: 'flow',
} as const satisfies Endpoint;
export const resetUnlock = {
  name: 'resetUnlock',
  method: 'post',
  path: '/v1/reset/unlock',
  auth: 'flow',
} as const satisfies Endpoint;
export const resetCancel = {
  name: 'resetCancel',
  method: 'post',
  path: '/v1/reset/cancel',
  auth: 'flow',
} as const satisfies Endpoint;
export const registrationSession = {
  name: 'registrationSession',
  method: 'post',
  path: '/v1/registration/session',
  auth: 'none',
} as const satisfies Endpoint;
export const registrationGet = {
  name: 'registrationGet',
  method: 'get',
  path: '/v1/registration',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationStepUp = {
  name: 'registrationStepUp',
  method: 'post',
  path: '/v1/registration/step-up',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationStepUpVerify = {
  name: 'registrationStepUpVerify',
  method: 'post',
  path: '/v1/registration/step-up/verify',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationAddMethod = {
  name: 'registrationAddMethod',
  method: 'post',
  path: '/v1/registration/methods',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationVerifyMethod = {
  name: 'registrationVerifyMethod',
  method: 'post',
  path: '/v1/registration/methods/verify',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationDeleteMethod = {
  name: 'registrationDeleteMethod',
  method: 'delete',
  path: '/v1/registration/methods/{id}',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationQuestions = {
  name: 'registrationQuestions',
  method: 'put',
  path: '/v1/registration/questions',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationConfirm = {
  name: 'registrationConfirm',
  method: 'post',
  path: '/v1/registration/confirm',
  auth: 'session',
} as const satisfies Endpoint;
export const registrationSnooze = {
  name: 'registrationSnooze',
  method: 'post',
  path: '/v1/registration/snooze',
  auth: 'session',
} as const satisfies Endpoint;
export const tickets = {
  name: 'tickets',
  method: 'post',
  path: '/v1/tickets',
  auth: 'tickets',
} as const satisfies Endpoint;
export const adminPolicyGet = {
  name: 'adminPolicyGet',
  method: 'get',
  path: '/v1/admin/policy',
  auth: 'admin',
} as const satisfies Endpoint;
export const adminPolicyPut = {
  name: 'adminPolicyPut',
  method: 'put',
  path: '/v1/admin/policy',
  auth: 'admin',
} as const satisfies Endpoint;
export const adminPolicyPatch = {
  name: 'adminPolicyPatch',
  method: 'patch',
  path: '/v1/admin/policy',
  auth: 'admin',
} as const satisfies Endpoint;
export const adminUserGet = {
  name: 'adminUserGet',
  method: 'get',
  path: '/v1/admin/users/{username}',
  auth: 'admin',
} as const satisfies Endpoint;
export const adminContactPut = {
  name: 'adminContactPut',
  method: 'put',
  path: '/v1/admin/users/{username}/contact',
  auth: 'admin',
} as const satisfies Endpoint;
export const adminUnblock = {
  name: 'adminUnblock',
  method: 'post',
  path: '/v1/admin/users/{username}/unblock',
  auth: 'admin',
} as const satisfies Endpoint;
export const adminAudit = {
  name: 'adminAudit',
  method: 'get',
  path: '/v1/admin/audit',
  auth: 'admin',
} as const satisfies Endpoint;
export const devOutbox = {
  name: 'devOutbox',
  method: 'get',
  path: '/v1/dev/outbox',
  auth: 'none',
} as const satisfies Endpoint;
export const healthz = {
  name: 'healthz',
  method: 'get',
  path: '/healthz',
  auth: 'none',
} as const satisfies Endpoint;
export const readyz = {
  name: 'readyz',
  method: 'get',
  path: '/readyz',
  auth: 'none',
} as const satisfies Endpoint;
export const metrics = {
  name: 'metrics',
  method: 'get',
  path: '/metrics',
  auth: 'metrics',
} as const satisfies Endpoint;
export const consoleSignIn = {
  name: 'consoleSignIn',
  method: 'post',
  path: '/admin/api/sign-in',
  auth: 'consoleSignIn',
} as const satisfies Endpoint;
export const consoleSignInChallenge = {
  name: 'consoleSignInChallenge',
  method: 'post',
  path: '/admin/api/sign-in/challenge',
  auth: 'consoleSignIn',
} as const satisfies Endpoint;
export const consoleSignInVerify = {
  name: 'consoleSignInVerify',
  method: 'post',
  path: '/admin/api/sign-in/verify',
  auth: 'consoleSignIn',
} as const satisfies Endpoint;
export const consoleMe = {
  name: 'consoleMe',
  method: 'get',
  path: '/admin/api/me',
  auth: 'consoleOptional',
} as const satisfies Endpoint;
export const consoleSignOut = {
  name: 'consoleSignOut',
  method: 'post',
  path: '/admin/api/sign-out',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleOverview = {
  name: 'consoleOverview',
  method: 'get',
  path: '/admin/api/overview',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleUsers = {
  name: 'consoleUsers',
  method: 'get',
  path: '/admin/api/users',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleUser = {
  name: 'consoleUser',
  method: 'get',
  path: '/admin/api/users/{username}',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleUserUnblock = {
  name: 'consoleUserUnblock',
  method: 'post',
  path: '/admin/api/users/{username}/unblock',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleAudit = {
  name: 'consoleAudit',
  method: 'get',
  path: '/admin/api/audit',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleKeys = {
  name: 'consoleKeys',
  method: 'get',
  path: '/admin/api/keys',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleKeyCreate = {
  name: 'consoleKeyCreate',
  method: 'post',
  path: '/admin/api/keys',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleKeyRevoke = {
  name: 'consoleKeyRevoke',
  method: 'post',
  path: '/admin/api/keys/{id}/revoke',
  auth: 'console',
} as const satisfies Endpoint;
export const consolePolicy = {
  name: 'consolePolicy',
  method: 'get',
  path: '/admin/api/policy',
  auth: 'console',
} as const satisfies Endpoint;
export const consolePolicyPatch = {
  name: 'consolePolicyPatch',
  method: 'patch',
  path: '/admin/api/policy',
  auth: 'console',
} as const satisfies Endpoint;
export const consolePolicyPreview = {
  name: 'consolePolicyPreview',
  method: 'post',
  path: '/admin/api/policy/preview',
  auth: 'console',
} as const satisfies Endpoint;
export const consolePolicyHistory = {
  name: 'consolePolicyHistory',
  method: 'get',
  path: '/admin/api/policy/history',
  auth: 'console',
} as const satisfies Endpoint;
export const consolePolicyRevert = {
  name: 'consolePolicyRevert',
  method: 'post',
  path: '/admin/api/policy/history/{id}/revert',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleUserContact = {
  name: 'consoleUserContact',
  method: 'put',
  path: '/admin/api/users/{username}/contact',
  auth: 'console',
} as const satisfies Endpoint;
export const consoleUserRevoke = {
  name: 'consoleUserRevoke',
  method: 'post',
  path: '/admin/api/users/{username}/revoke',
  auth: 'console',
} as const satisfies Endpoint;
