// The reset and password policy: every setting with Azure's ranges, validated once here for server, CLI and clients.
import { z } from 'zod';
import { type MethodId, methodIds } from './methods.ts';

const term = z.string().min(4).max(16);

export type { MethodId } from './methods.ts';
export { methodIds };

const helpdeskUrl = z
  .string()
  .max(2048)
  .refine(
    (s) => /^(https?:\/\/|mailto:)/i.test(s) && URL.canParse(s),
    'must be an http(s) URL or a mailto: link',
  );

export const policySchema = z
  .strictObject({
    organization: z
      .strictObject({
        name: z.string().trim().min(1).max(100).default('Regain'),
        logoUrl: z
          .url({ protocol: /^https?$/ })
          .max(2048)
          .optional(),
        /** The portal's and the flows' accent colour (`--regain-accent`), as #rrggbb. */
        accent: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0b5cd5')
          .optional(),
        /** Domain suffixes folded away from usernames (alice@contoso.com → alice). */
        domains: z
          .array(
            z
              .string()
              .toLowerCase()
              .regex(/^[a-z0-9.-]+$/),
          )
          .max(50)
          .default([]),
        strings: z.record(z.string().max(100), z.string().max(500)).optional(),
      })
      .prefault({}),
    helpdesk: z
      .strictObject({
        url: helpdeskUrl.optional(),
        /** Directory groups whose members may use the console's helpdesk part (nested groups count). */
        groups: z.array(z.string().min(1).max(256)).max(50).default([]),
      })
      .prefault({}),
    /** Who may sign in to the admin console with every right: members of these directory groups. */
    admins: z.strictObject({ groups: z.array(z.string().min(1).max(256)).max(50).default([]) }).prefault({}),
    reset: z
      .strictObject({
        enabled: z.enum(['all', 'none', 'group']).default('all'),
        group: z.string().min(1).max(256).optional(),
        gatesRequired: z.union([z.literal(1), z.literal(2)]).default(2),
        unlockEnabled: z.boolean().default(true),
        showHints: z.boolean().default(true),
      })
      .prefault({}),
    methods: z
      .strictObject({
        alternateEmail: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
        mobilePhone: z
          .strictObject({
            enabled: z.boolean().default(true),
            sms: z.boolean().default(true),
            voice: z.boolean().default(true),
          })
          .prefault({}),
        officePhone: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
        questions: z
          .strictObject({
            enabled: z.boolean().default(false),
            toRegister: z.number().int().min(3).max(5).default(3),
            toReset: z.number().int().min(3).max(5).default(3),
            builtin: z.array(z.string().max(64)).max(20).optional(),
            custom: z
              .array(
                z.strictObject({
                  id: z.string().regex(/^custom\.[a-z0-9-]{1,40}$/),
                  text: z.string().min(3).max(200),
                }),
              )
              .max(20)
              .default([]),
          })
          .prefault({}),
      })
      .prefault({}),
    registration: z
      .strictObject({
        methodsRequired: z.number().int().min(1).max(4).optional(),
        enforced: z.boolean().default(false),
        reconfirmDays: z.number().int().min(0).max(730).default(180),
        snoozeDays: z.number().int().min(0).max(14).default(1),
        maxSnoozes: z.number().int().min(0).max(50).default(3),
      })
      .prefault({}),
    notifications: z
      .strictObject({
        userOnReset: z.boolean().default(true),
        adminsOnPrivilegedReset: z.boolean().default(true),
        adminEmails: z.array(z.email()).max(100).default([]),
      })
      .prefault({}),
    privileged: z
      .strictObject({
        handling: z.enum(['twoGates', 'excluded']).default('twoGates'),
        groups: z.array(z.string().min(1).max(256)).max(100).default([]),
      })
      .prefault({}),
    throttles: z
      .strictObject({
        resetStartsPerHour: z.number().int().min(1).max(10).default(5),
        failuresPerMethodPerHour: z.number().int().min(1).max(10).default(5),
        methodBlockHours: z.number().int().min(1).max(72).default(24),
        emailsPer10Minutes: z.number().int().min(1).max(10).default(10),
        sendSpacingSeconds: z.number().int().min(30).max(600).default(60),
        phoneSendsPerUserPerDay: z.number().int().min(1).max(20).default(10),
        phoneSendsPerPrefixPer10Minutes: z.number().int().min(1).max(100).default(10),
        phoneSendsGlobalPerHour: z.number().int().min(1).max(100_000).default(500),
        ipResetStartsPerHour: z.number().int().min(1).max(10_000).default(30),
        ipVerificationsPerHour: z.number().int().min(1).max(20_000).default(60),
        ipPasswordChecksPerHour: z.number().int().min(1).max(100_000).default(600),
        accountFailuresPer15Minutes: z.number().int().min(1).max(10).default(3),
        codeChecks: z.number().int().min(1).max(5).default(5),
      })
      .prefault({}),
    password: z
      .strictObject({
        minLength: z.number().int().min(8).max(64).default(8),
        maxLength: z.number().int().min(64).max(256).default(256),
        onlyFactor: z.boolean().default(false),
        requireClasses: z.boolean().default(false),
        bannedTerms: z.array(term).max(1000).default([]),
        contextWords: z.array(term).max(100).default([]),
        commonListEntries: z.number().int().min(100_000).max(1_000_000).default(100_000),
        historyCount: z.number().int().min(0).max(24).default(5),
      })
      .prefault({}),
  })
  .superRefine((p, ctx) => {
    for (const [path, s] of stringsOf(p))
      if (s.includes('\u0000')) ctx.addIssue({ code: 'custom', path, message: 'must not contain U+0000' });
    const m = p.methods;
    if (!m.alternateEmail.enabled && !m.mobilePhone.enabled && !m.officePhone.enabled && !m.questions.enabled)
      ctx.addIssue({ code: 'custom', path: ['methods'], message: 'at least one method must be enabled' });
    if (m.mobilePhone.enabled && !m.mobilePhone.sms && !m.mobilePhone.voice)
      ctx.addIssue({
        code: 'custom',
        path: ['methods', 'mobilePhone'],
        message: 'enable sms, voice or both',
      });
    if (m.questions.toReset > m.questions.toRegister)
      ctx.addIssue({
        code: 'custom',
        path: ['methods', 'questions', 'toReset'],
        message: 'must not exceed methods.questions.toRegister',
      });
    if (p.reset.enabled === 'group' && !p.reset.group)
      ctx.addIssue({
        code: 'custom',
        path: ['reset', 'group'],
        message: 'required when reset.enabled is "group"',
      });
    if (enabledMethods(p).length < p.reset.gatesRequired)
      ctx.addIssue({
        code: 'custom',
        path: ['reset', 'gatesRequired'],
        message: 'more gates than enabled methods',
      });
    const rm = p.registration.methodsRequired;
    if (rm !== undefined && (rm < p.reset.gatesRequired || rm > enabledMethods(p).length))
      ctx.addIssue({
        code: 'custom',
        path: ['registration', 'methodsRequired'],
        message: 'must be between reset.gatesRequired and the number of enabled methods',
      });
    if (p.password.maxLength < p.password.minLength)
      ctx.addIssue({
        code: 'custom',
        path: ['password', 'maxLength'],
        message: 'must be at least minLength',
      });
  });

/** Every string in a parsed policy with its path (record keys included), for checks that apply to all text. */
function* stringsOf(v: unknown, path: (string | number)[] = []): Generator<[(string | number)[], string]> {
  if (typeof v === 'string') yield [path, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* stringsOf(x, [...path, i]);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      yield [[...path, k], k];
      yield* stringsOf(x, [...path, k]);
    }
}

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

/** The enabled method ids in display order. */
export function enabledMethods(p: Pick<Policy, 'methods'>): MethodId[] {
  return methodIds.filter((id) => p.methods[id].enabled);
}

/** Methods a user must register: the policy's number, else Azure's advice of gates + 1, capped by what is enabled. */
export function methodsRequired(p: Policy): number {
  return p.registration.methodsRequired ?? Math.min(p.reset.gatesRequired + 1, enabledMethods(p).length);
}

/** Effective minimum password length: NIST SP 800-63B-4 asks 15 when the password is the only factor. */
export function minPasswordLength(p: Policy): number {
  return p.password.onlyFactor ? Math.max(15, p.password.minLength) : p.password.minLength;
}

export const defaultPolicy: Policy = policySchema.parse({});
