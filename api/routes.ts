// Every HTTP call of API v1 in one table: where it lives (endpoints.ts) and its schemas; the server validates with
// them, OpenAPI is generated from it and the widget's client is typed by it.
import { z } from 'zod';
import * as admin from './admin.ts';
import * as con from './console.ts';
import type { Auth, Endpoint } from './endpoints.ts';
import * as e from './endpoints.ts';
import { policySchema } from './policy.ts';
import { problemSchema } from './problems.ts';
import * as reg from './registration.ts';
import * as r from './reset.ts';

export type { Auth };

export interface RouteSpec extends Endpoint {
  summary: string;
  /** For console routes: the role the session needs (none: admin and helpdesk alike). */
  role?: 'admin';
  tag: 'public' | 'reset' | 'password' | 'registration' | 'admin' | 'console' | 'operations' | 'development';
  body?: z.ZodType;
  query?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

const empty = z.strictObject({});
/** For the OpenAPI document only: the server merges the patch and validates the result with policySchema. */
const policyMergePatch = z
  .looseObject({})
  .describe('A JSON Merge Patch (RFC 7396) of the policy: objects merge, null removes, arrays replace.');
const noContent = { description: 'done' };

export const routes = {
  config: {
    ...e.config,
    summary: 'What clients need to draw the flows: organization, policy summary, question catalog, captcha.',
    tag: 'public',
    responses: { 200: { description: 'configuration', schema: r.configAnswer } },
  },
  captcha: {
    ...e.captcha,
    summary: 'A signed, expiring ALTCHA challenge (PBKDF2/SHA-256).',
    tag: 'public',
    responses: {
      200: { description: 'challenge as altcha-lib creates it', schema: z.record(z.string(), z.unknown()) },
    },
  },
  passwordCheck: {
    ...e.passwordCheck,
    summary: 'Checks a candidate password; names and history only with a flow token.',
    tag: 'password',
    body: r.passwordCheckBody,
    responses: { 200: { description: 'verdict', schema: r.passwordCheckAnswer } },
  },
  passwordChange: {
    ...e.passwordChange,
    summary: 'Changes a password given the current one.',
    tag: 'password',
    body: r.passwordChangeBody,
    responses: {
      200: { description: 'changed', schema: r.passwordChangeAnswer },
      401: { description: 'unknown user or wrong password' },
      422: { description: 'password_rejected or directory_rejected' },
      429: { description: 'throttled' },
    },
  },
  resetStart: {
    ...e.resetStart,
    summary: 'Starts a reset flow; the same answer for every username.',
    tag: 'reset',
    body: r.startResetBody,
    responses: {
      201: { description: 'flow started', schema: r.startResetAnswer },
      400: { description: 'captcha_invalid' },
      429: { description: 'throttled' },
    },
  },
  resetChallenge: {
    ...e.resetChallenge,
    summary: 'Sends a code to a method (phone methods need the full number as proof) or draws the questions.',
    tag: 'reset',
    body: r.challengeBody,
    responses: {
      202: { description: 'code sent', schema: r.challengeSentAnswer },
      200: { description: 'questions drawn', schema: r.questionsAnswer },
      400: { description: 'proof_mismatch' },
      429: { description: 'send_paced or throttled' },
    },
  },
  resetVerify: {
    ...e.resetVerify,
    summary: 'Checks a code or the answers to the drawn questions.',
    tag: 'reset',
    body: r.verifyBody,
    responses: {
      200: { description: 'gate passed', schema: r.verifyAnswer },
      400: { description: 'invalid_code or code_expired' },
      409: {
        description: 'flow_used: the gate was passed already (a right code that came late; with the state)',
      },
      429: { description: 'throttled' },
    },
  },
  resetPassword: {
    ...e.resetPassword,
    summary: 'Sets the new password once every gate is passed.',
    tag: 'reset',
    body: r.setPasswordBody,
    responses: {
      200: { description: 'reset', schema: r.setPasswordAnswer },
      403: { description: 'gate_required' },
      409: { description: 'flow_used' },
      422: { description: 'password_rejected or directory_rejected' },
      503: { description: 'directory_unavailable' },
    },
  },
  resetUnlock: {
    ...e.resetUnlock,
    summary: 'Unlocks the account without a reset.',
    tag: 'reset',
    body: empty,
    responses: {
      200: { description: 'unlocked', schema: r.unlockAnswer },
      409: { description: 'unlock_not_applicable' },
    },
  },
  resetCancel: {
    ...e.resetCancel,
    summary: 'Cancels the flow.',
    tag: 'reset',
    body: empty,
    responses: { 204: noContent },
  },
  registrationSession: {
    ...e.registrationSession,
    summary: 'Opens a registration session with the current password or a ticket.',
    tag: 'registration',
    body: reg.sessionBody,
    responses: {
      201: { description: 'session', schema: reg.sessionAnswer },
      401: { description: 'unauthorized (same for unknown user and wrong password)' },
      429: { description: 'throttled' },
    },
  },
  registrationGet: {
    ...e.registrationGet,
    summary: "The user's registration and status, with an ETag.",
    tag: 'registration',
    responses: { 200: { description: 'registration', schema: reg.registrationAnswer } },
  },
  registrationStepUp: {
    ...e.registrationStepUp,
    summary: 'Sends a code to a method on file, to allow changes.',
    tag: 'registration',
    body: reg.stepUpBody,
    responses: { 202: { description: 'code sent', schema: reg.stepUpAnswer } },
  },
  registrationStepUpVerify: {
    ...e.registrationStepUpVerify,
    summary: 'Checks the step-up code; changes are allowed for the rest of the session.',
    tag: 'registration',
    body: reg.stepUpVerifyBody,
    responses: { 200: { description: 'stepped up', schema: z.object({ steppedUp: z.literal(true) }) } },
  },
  registrationAddMethod: {
    ...e.registrationAddMethod,
    summary: 'Sends a code to new contact data; it counts only once verified.',
    tag: 'registration',
    body: reg.addMethodBody,
    responses: {
      202: { description: 'code sent', schema: reg.addMethodAnswer },
      403: { description: 'step_up_required or forbidden' },
    },
  },
  registrationVerifyMethod: {
    ...e.registrationVerifyMethod,
    summary: 'Confirms new contact data with its code.',
    tag: 'registration',
    body: reg.verifyMethodBody,
    responses: {
      200: { description: 'method registered', schema: z.object({ method: reg.registeredMethodSchema }) },
    },
  },
  registrationDeleteMethod: {
    ...e.registrationDeleteMethod,
    summary: 'Removes a method the user registered.',
    tag: 'registration',
    responses: { 204: noContent, 403: { description: 'step_up_required or forbidden' } },
  },
  registrationQuestions: {
    ...e.registrationQuestions,
    summary: 'Registers answers to security questions.',
    tag: 'registration',
    body: reg.questionsBody,
    responses: { 200: { description: 'registered', schema: reg.questionsAnswer } },
  },
  registrationConfirm: {
    ...e.registrationConfirm,
    summary: '"My info is still right": resets the reconfirm clock.',
    tag: 'registration',
    body: empty,
    responses: { 200: { description: 'status', schema: z.object({ status: reg.statusSchema }) } },
  },
  registrationSnooze: {
    ...e.registrationSnooze,
    summary: 'Postpones the registration prompt.',
    tag: 'registration',
    body: empty,
    responses: {
      200: { description: 'status', schema: z.object({ status: reg.statusSchema }) },
      409: { description: 'snooze_exhausted' },
    },
  },
  tickets: {
    ...e.tickets,
    summary: 'Mints a single-use, five-minute registration ticket (API key with scope tickets).',
    tag: 'registration',
    body: reg.ticketBody,
    responses: {
      201: { description: 'ticket', schema: reg.ticketAnswer },
      404: { description: 'not_found' },
    },
  },
  adminPolicyGet: {
    ...e.adminPolicyGet,
    summary: 'The stored policy.',
    tag: 'admin',
    responses: { 200: { description: 'policy', schema: policySchema } },
  },
  adminPolicyPut: {
    ...e.adminPolicyPut,
    summary: 'Replaces the whole policy: every section is required; invalid values name their field.',
    tag: 'admin',
    body: policySchema,
    responses: {
      200: { description: 'stored policy', schema: policySchema },
      422: { description: 'validation_failed (a missing section, or an invalid value, named in field)' },
    },
  },
  adminPolicyPatch: {
    ...e.adminPolicyPatch,
    summary: 'Changes part of the policy with a JSON Merge Patch (RFC 7396); the merged policy is validated.',
    tag: 'admin',
    body: policyMergePatch,
    responses: {
      200: { description: 'stored policy', schema: policySchema },
      422: { description: 'validation_failed (the merged result, field named)' },
    },
  },
  adminUserGet: {
    ...e.adminUserGet,
    summary: 'A user and their contact data as the admin sees it (never security answers).',
    tag: 'admin',
    responses: {
      200: { description: 'user', schema: admin.adminUserAnswer },
      404: { description: 'not_found' },
    },
  },
  adminContactPut: {
    ...e.adminContactPut,
    summary: 'Sets (or with null removes) admin-provided contact data.',
    tag: 'admin',
    body: admin.contactBody,
    responses: {
      200: { description: 'user', schema: admin.adminUserAnswer },
      422: { description: 'validation_failed' },
    },
  },
  adminUnblock: {
    ...e.adminUnblock,
    summary: "Clears the user's reset throttles.",
    tag: 'admin',
    responses: { 204: noContent },
  },
  adminAudit: {
    ...e.adminAudit,
    summary: 'Audit events, newest first; `Accept: text/csv` for CSV.',
    tag: 'admin',
    query: admin.auditQuery,
    responses: { 200: { description: 'events', schema: admin.auditAnswer } },
  },
  devOutbox: {
    ...e.devOutbox,
    summary: 'Messages the dev provider delivered (only with --dev).',
    tag: 'development',
    query: z.strictObject({ to: z.string().max(256).optional() }),
    responses: { 200: { description: 'messages', schema: z.array(z.record(z.string(), z.unknown())) } },
  },
  healthz: {
    ...e.healthz,
    summary: 'The process is up.',
    tag: 'operations',
    responses: { 200: { description: 'ok' } },
  },
  readyz: {
    ...e.readyz,
    summary: 'The database and the directory answer.',
    tag: 'operations',
    responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } },
  },
  metrics: {
    ...e.metrics,
    summary: 'Prometheus metrics, for callers from metrics.allowFrom or with the metrics token.',
    tag: 'operations',
    responses: { 200: { description: 'metrics', contentType: 'text/plain' } },
  },
  consoleSignIn: {
    ...e.consoleSignIn,
    summary: 'Console sign-in, step 1: the password of a member of an admin or helpdesk group.',
    tag: 'console',
    body: con.consoleSignInBody,
    responses: {
      201: { description: 'password right: choose a method for the code', schema: con.consoleSignInAnswer },
      401: { description: 'unauthorized (the same for an unknown user and a wrong password)' },
      403: { description: 'forbidden (not in an admin or helpdesk group) or second_factor_required' },
      429: { description: 'throttled' },
    },
  },
  consoleSignInChallenge: {
    ...e.consoleSignInChallenge,
    summary: "Console sign-in, step 2: sends a code to one of the admin's own methods.",
    tag: 'console',
    body: con.consoleChallengeBody,
    responses: {
      202: { description: 'code sent', schema: con.consoleChallengeAnswer },
      401: { description: 'flow_expired (the sign-in is unknown, finished or older than 10 minutes)' },
      429: { description: 'send_paced or throttled' },
    },
  },
  consoleSignInVerify: {
    ...e.consoleSignInVerify,
    summary: 'Console sign-in, step 3: checks the code and sets the session cookie.',
    tag: 'console',
    body: con.consoleVerifyBody,
    responses: {
      200: { description: 'signed in; Set-Cookie carries the session', schema: con.consoleMeAnswer },
      400: { description: 'invalid_code or code_expired, with attemptsLeft' },
      401: { description: 'flow_expired' },
      429: { description: 'throttled' },
    },
  },
  consoleMe: {
    ...e.consoleMe,
    summary: 'Who is signed in to the console, with their role; `me: null` when nobody is (no 401 to log).',
    tag: 'console',
    responses: {
      200: { description: 'the session, or null', schema: z.object({ me: con.consoleMeAnswer.nullable() }) },
    },
  },
  consoleSignOut: {
    ...e.consoleSignOut,
    summary: 'Ends the console session and clears its cookie.',
    tag: 'console',
    body: empty,
    responses: { 204: noContent },
  },
  consoleOverview: {
    ...e.consoleOverview,
    summary:
      'Registration coverage, resets of the last day and week, blocked users, directory and delivery status.',
    tag: 'console',
    responses: { 200: { description: 'the overview', schema: con.consoleOverviewAnswer } },
  },
  consoleUsers: {
    ...e.consoleUsers,
    summary: 'Users whose name or display name starts with q (any case), 25 a page.',
    tag: 'console',
    query: con.consoleUsersQuery,
    responses: { 200: { description: 'a page of users', schema: con.consoleUsersAnswer } },
  },
  consoleUser: {
    ...e.consoleUser,
    summary: "A user's registration, methods (masked, with source), blocks and recent events.",
    tag: 'console',
    responses: {
      200: { description: 'the user', schema: con.consoleUserAnswer },
      404: { description: 'not_found' },
    },
  },
  consoleUserUnblock: {
    ...e.consoleUserUnblock,
    summary:
      "Lifts a user's blocks (failed codes, proofs, answers and password attempts); audited with the human.",
    tag: 'console',
    body: empty,
    responses: { 204: noContent, 404: { description: 'not_found' } },
  },
  consoleAudit: {
    ...e.consoleAudit,
    summary:
      'The audit, as GET /v1/admin/audit gives it (filters, cursor, `Accept: text/csv`), for console admins.',
    tag: 'console',
    role: 'admin',
    query: admin.auditQuery,
    responses: { 200: { description: 'events', schema: admin.auditAnswer } },
  },
  consoleKeys: {
    ...e.consoleKeys,
    summary: 'The API keys (never their secrets), newest last.',
    tag: 'console',
    role: 'admin',
    responses: { 200: { description: 'keys', schema: con.consoleKeysAnswer } },
  },
  consoleKeyCreate: {
    ...e.consoleKeyCreate,
    summary: 'Creates an API key; its secret is in this answer only.',
    tag: 'console',
    role: 'admin',
    body: con.consoleKeyCreateBody,
    responses: {
      201: { description: 'created', schema: con.consoleKeyCreated },
      422: { description: 'validation_failed (a CIDR that is not one)' },
    },
  },
  consoleKeyRevoke: {
    ...e.consoleKeyRevoke,
    summary: 'Revokes an API key at once.',
    tag: 'console',
    role: 'admin',
    body: empty,
    responses: { 204: noContent, 404: { description: 'not_found (no live key with this id)' } },
  },
  consolePolicy: {
    ...e.consolePolicy,
    summary: 'The policy, every setting with its default filled in.',
    tag: 'console',
    role: 'admin',
    responses: { 200: { description: 'policy', schema: policySchema } },
  },
  consolePolicyPatch: {
    ...e.consolePolicyPatch,
    summary: 'Changes part of the policy with a JSON Merge Patch, as PATCH /v1/admin/policy does.',
    tag: 'console',
    role: 'admin',
    body: policyMergePatch,
    responses: {
      200: { description: 'stored policy', schema: policySchema },
      422: { description: 'validation_failed (the merged result, field named)' },
    },
  },
  consolePolicyPreview: {
    ...e.consolePolicyPreview,
    summary: 'How many users could reset before and after a merge patch; nothing is stored.',
    tag: 'console',
    role: 'admin',
    body: policyMergePatch,
    responses: {
      200: { description: 'counts', schema: con.consolePolicyPreviewAnswer },
      422: { description: 'validation_failed' },
    },
  },
  consolePolicyHistory: {
    ...e.consolePolicyHistory,
    summary: 'The last 20 policy changes: who, when, before and after.',
    tag: 'console',
    role: 'admin',
    responses: { 200: { description: 'changes', schema: con.consolePolicyHistoryAnswer } },
  },
  consolePolicyRevert: {
    ...e.consolePolicyRevert,
    summary: 'Puts the policy back as it was before a change (itself a change in the history).',
    tag: 'console',
    role: 'admin',
    body: empty,
    responses: {
      200: { description: 'stored policy', schema: policySchema },
      404: { description: 'not_found' },
    },
  },
  consoleUserContact: {
    ...e.consoleUserContact,
    summary: 'Sets (or with null removes) admin-provided contact data; privileged accounts only by admins.',
    tag: 'console',
    body: admin.contactBody,
    responses: {
      200: { description: 'the user', schema: con.consoleUserAnswer },
      403: { description: 'forbidden (a privileged account, for the helpdesk)' },
      422: { description: 'validation_failed' },
    },
  },
  consoleUserRevoke: {
    ...e.consoleUserRevoke,
    summary: "Ends the user's open reset flows, registration sessions and tickets.",
    tag: 'console',
    body: empty,
    responses: { 204: noContent, 404: { description: 'not_found' } },
  },
} satisfies Record<keyof typeof e, RouteSpec>;

export type RouteName = keyof typeof routes;

type Responses = RouteSpec['responses'];

/**
 * A route's answers: the ones its spec names, plus those every route of its kind gives (RFC 9457 problems): a
 * body's 400/413/415, a credential's 401 (and 403 insufficient_scope for API keys), and 429 where throttled.
 */
export function responsesOf(spec: RouteSpec): Responses {
  const common: Responses = {};
  if (spec.body || spec.query) common[400] = { description: 'validation_failed' };
  if (spec.body) {
    common[413] = { description: 'payload_too_large' };
    common[415] = { description: 'unsupported_media_type' };
  }
  if (spec.auth === 'flow') common[401] = { description: 'flow_expired' };
  if (spec.auth === 'session' || spec.auth === 'flowOptional') common[401] = { description: 'unauthorized' };
  if (spec.auth === 'admin' || spec.auth === 'tickets') {
    common[401] = { description: 'unauthorized' };
    common[403] = { description: `insufficient_scope (a key without scope ${spec.auth})` };
  }
  if (spec.auth === 'console' || spec.auth === 'consoleSignIn' || spec.auth === 'consoleOptional')
    common[403] = {
      description: 'csrf_refused (not from the console page itself: Origin and X-Regain-Console)',
    };
  if (spec.auth === 'console') common[401] = { description: 'unauthorized (no live console session)' };
  if (spec.role)
    common[403] = {
      description: `csrf_refused (not from the console page), or forbidden (not ${spec.role})`,
    };
  if (spec.auth === 'metrics') {
    common[401] = { description: 'unauthorized (a wrong or missing metrics token)' };
    common[403] = { description: 'forbidden (not from metrics.allowFrom)' };
  }
  return { ...common, ...spec.responses };
}

/** OpenAPI 3.1 for the route table, generated from the schemas. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const json = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
  for (const spec of Object.values(routes) as RouteSpec[]) {
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(responsesOf(spec))) {
      const type =
        res.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
      const schema = res.schema ?? (Number(status) >= 400 ? problemSchema : undefined);
      responses[status] = {
        description: res.description,
        ...(schema ? { content: { [type]: { schema: json(schema, 'output') } } } : {}),
      };
    }
    const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = spec.query
      ? Object.entries(
          (json(spec.query, 'input') as { properties?: Record<string, unknown> }).properties ?? {},
        ).map(([name, schema]) => ({ name, in: 'query', schema }))
      : [];
    paths[spec.path] ??= {};
    paths[spec.path]![spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'none' ? {} : { security: [{ bearer: [] }] }),
      ...(params.length + query.length ? { parameters: [...params, ...query] } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: json(spec.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Regain API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
