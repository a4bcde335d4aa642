// Public routes: configuration, captcha challenges, password check and change.
import { enabledMethods, methodsRequired, minPasswordLength } from '../../../api/policy.ts';
import { routes } from '../../../api/routes.ts';
import { pickLocale } from '../../delivery/templates.ts';
import { changePassword, checkPassword } from '../../flows/password-change.ts';
import { questionCatalog } from '../../policy/questions.ts';
import { problem } from '../../problem.ts';
import { take } from '../../security/throttle.ts';
import type { Services } from '../../services.ts';
import type { Mount } from '../auth.ts';
import { jsonBody } from '../json-body.ts';

export function publicRoutes(mount: Mount, s: Services): void {
  mount('config', async (c) => {
    const p = await s.policies.get();
    const helpdesk = p.helpdesk.url;
    const rules = [
      { rule: 'length', params: { min: minPasswordLength(p), max: p.password.maxLength } },
      { rule: 'common_password', params: {} },
      { rule: 'banned_score', params: { required: 5 } },
      { rule: 'context_word', params: {} },
      ...(p.password.historyCount && s.directory.keepsHistory
        ? [{ rule: 'history', params: { count: p.password.historyCount } }]
        : []),
      ...(p.password.requireClasses ? [{ rule: 'classes', params: { required: 3 } }] : []),
    ];
    return c.json({
      organization: {
        name: p.organization.name,
        ...(p.organization.logoUrl ? { logoUrl: p.organization.logoUrl } : {}),
        helpdesk: helpdesk?.startsWith('mailto:')
          ? { email: helpdesk.slice(7) }
          : helpdesk
            ? { url: helpdesk }
            : {},
      },
      reset: {
        enabled: p.reset.enabled !== 'none',
        gatesRequired: p.reset.gatesRequired,
        unlockEnabled: p.reset.unlockEnabled,
      },
      registration: {
        enforced: p.registration.enforced,
        reconfirmDays: p.registration.reconfirmDays,
        methodsRequired: methodsRequired(p),
        snoozeDays: p.registration.snoozeDays,
        maxSnoozes: p.registration.maxSnoozes,
        questions: {
          toRegister: p.methods.questions.toRegister,
          toReset: p.methods.questions.toReset,
          catalog: p.methods.questions.enabled ? questionCatalog(p, c.var.caller.locale) : [],
        },
      },
      methods: enabledMethods(p),
      password: { minLength: minPasswordLength(p), maxLength: p.password.maxLength, rules },
      captcha: { kind: s.captcha.kind },
      locales: ['en', 'fr', 'de'],
      ...(p.organization.strings ? { strings: p.organization.strings } : {}),
    });
  });

  mount('captcha', async (c) => {
    // Each challenge costs the server one key derivation, so strangers can't make it derive without bound.
    const p = await s.policies.get();
    const t = await take(
      s.db,
      `ipcaptcha:${c.var.caller.ipKey}`,
      null,
      p.throttles.ipResetStartsPerHour * 4,
      3_600_000,
      s.clock.now(),
    );
    if (!t.ok) throw problem(429, 'throttled', { retryAfter: t.retryAfter });
    return c.json(await s.captcha.createChallenge());
  });

  // A reset flow or a registration session makes the check authenticated: the gate hands over its user.
  mount('passwordCheck', async (c, user) =>
    c.json(await checkPassword(s, await jsonBody(c, routes.passwordCheck.body), user, c.var.caller)),
  );

  mount('passwordChange', async (c) => {
    const body = await jsonBody(c, routes.passwordChange.body);
    return c.json(
      await changePassword(s, body, {
        ...c.var.caller,
        locale: pickLocale(body.locale ?? c.var.caller.locale),
      }),
    );
  });
}
