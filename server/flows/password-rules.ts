// The password engine for the current policy, built once per distinct password policy and reused.
import type { Policy } from '../../api/policy.ts';
import type { Violation } from '../../api/problems.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { createPasswordEngine, type PasswordEngine } from '../password/engine.ts';
import { describeViolation } from '../password/messages.ts';
import type { RangeCheck } from '../password/range-check.ts';

export interface PasswordRules {
  /** Checks a candidate; with a user, names and history count too (an authenticated check). */
  check(
    p: Policy,
    password: string,
    who: {
      username?: string | undefined;
      user?: DirectoryUser | undefined;
      inHistory?: (pw: string) => Promise<boolean>;
    },
  ): Promise<{ accepted: boolean; violations: Violation[] }>;
}

export function createPasswordRules(
  opts: { commonListFile?: string | undefined; rangeCheck?: RangeCheck | undefined } = {},
): PasswordRules {
  let built: { key: string; engine: Promise<PasswordEngine> } | undefined;
  const engineFor = (p: Policy) => {
    const pw = p.password;
    const key = JSON.stringify(pw);
    if (built?.key !== key) {
      built = {
        key,
        engine: createPasswordEngine(
          {
            minLength: pw.minLength,
            maxLength: pw.maxLength,
            onlyFactor: pw.onlyFactor,
            requireClasses: pw.requireClasses,
            bannedTerms: pw.bannedTerms,
            contextWords: pw.contextWords,
            historyCount: pw.historyCount,
            commonList: {
              entries: pw.commonListEntries,
              ...(opts.commonListFile ? { file: opts.commonListFile } : {}),
            },
          },
          opts.rangeCheck ? { rangeCheck: opts.rangeCheck } : {},
        ),
      };
    }
    return built.engine;
  };
  return {
    async check(p, password, who) {
      const engine = await engineFor(p);
      const r = await engine.check(password, {
        authenticated: Boolean(who.user),
        username: who.user?.username ?? who.username,
        organizationName: p.organization.name,
        givenName: who.user?.givenName,
        familyName: who.user?.familyName,
        ...(who.user && who.inHistory ? { inHistory: who.inHistory } : {}),
      });
      return {
        accepted: r.accepted,
        violations: r.violations.map((v) => ({
          rule: v.rule,
          params: v.params,
          message: describeViolation(v),
        })),
      };
    },
  };
}
