// The password policy engine: evaluates every rule together so a client can show everything wrong at once.
import {
  type BannedTerm,
  bannedScore,
  createTermIndex,
  requiredBannedScore,
  type TermIndex,
} from './banned-score.ts';
import { loadCuratedTerms, nameTerms, organizationTerms } from './banned-terms.ts';
import { loadCommonList } from './common-list.ts';
import { contextWords, findContextWord } from './context-words.ts';
import { codePointLength, normalizePassword } from './normalize.ts';
import type { RangeCheck } from './range-check.ts';
import type { Violation } from './violation.ts';

export type { Violation, ViolationRule } from './violation.ts';

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** The password is the only factor: NIST SP 800-63B-4 then asks for at least 15 characters. */
  onlyFactor: boolean;
  /** Azure parity, opt-in: 3 of 4 classes (lowercase, uppercase, digits, symbols). NIST advises against it. */
  requireClasses: boolean;
  /** The organization's own banned terms (at most 1000, 4–16 characters each). */
  bannedTerms: string[];
  /** The breached list: its first `entries` lines (up to 1M), or another `file` with one password a line. */
  commonList: { entries: number; file?: string };
  /** Extra words the password must not contain, beside the username and the organization's name. */
  contextWords: string[];
  /** How many previous passwords the built-in directory refuses; 0 turns the rule off. */
  historyCount: number;
}

export interface CheckContext {
  /** The caller holds a flow or session token for this user; only then are names and history checked. */
  authenticated: boolean;
  /** The username as typed (unauthenticated) or the canonical one. */
  username?: string;
  organizationName: string;
  givenName?: string;
  familyName?: string;
  /** only when authenticated and the directory keeps history (built-in): returns true if the password equals one of the last N */
  inHistory?: (password: string) => Promise<boolean>;
}

export interface CheckResult {
  accepted: boolean;
  /** Every violated rule, each once, in a fixed order (length, lists, context, classes, history). */
  violations: Violation[];
}

export interface PasswordEngine {
  /** The effective bounds, in code points, for clients to show before the first check. */
  readonly minLength: number;
  readonly maxLength: number;
  /**
   * Checks a password as typed (it is NFKC-normalized here; `inHistory` receives the normalized form).
   * Never throws for any string; rejects only if `inHistory` does.
   */
  check(password: string, ctx: CheckContext): Promise<CheckResult>;
}

/** Engine switches that are not policy: tests turn lists off to reproduce Microsoft's worked examples. */
export interface PasswordEngineOptions {
  /** Use the shipped curated banned terms (default true). */
  curatedTerms?: boolean;
  /** Use the breached list (default true). */
  commonList?: boolean;
  /**
   * Terms at least this long also match within one edit; shorter ones only exactly (default 5). Entra
   * fuzzes every term, but over ~900 curated 4-letter terms that rejected 7.6% of random 10-character
   * passwords (3 of 4 letters agree by chance); from 5 letters up it is 0.1% (bench/password.ts prints
   * the table). Organization terms follow the same rule.
   */
  fuzzyMinLength?: number;
  /**
   * The breached-password range check (service configuration, not policy): asked only for a password that passes
   * length and the local list, so an obviously bad one costs no network call.
   */
  rangeCheck?: RangeCheck;
}

/** NIST SP 800-63B-4's minimum when the password is the only authentication factor. */
export const onlyFactorMinLength = 15;

// Rules beyond length are skipped for absurdly long input: the API caps passwords at 1024 characters,
// and this keeps a direct caller from spending unbounded time in the term search.
const maxCheckedLength = 1024;

export const defaultPasswordPolicy: PasswordPolicy = {
  minLength: 8,
  maxLength: 256,
  onlyFactor: false,
  requireClasses: false,
  bannedTerms: [],
  commonList: { entries: 100_000 },
  contextWords: [],
  historyCount: 5,
};

/** The minimum length actually enforced: the policy's, raised to 15 when the password is the only factor. */
export function effectiveMinLength(policy: Pick<PasswordPolicy, 'minLength' | 'onlyFactor'>): number {
  return policy.onlyFactor ? Math.max(onlyFactorMinLength, policy.minLength) : policy.minLength;
}

/** How many of lowercase, uppercase, digits and other characters (symbols, spaces, caseless letters) occur. */
export function characterClasses(normalized: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (const c of normalized) {
    if (/\p{Ll}/u.test(c)) lower = 1;
    else if (/\p{Lu}/u.test(c)) upper = 1;
    else if (/\p{Nd}/u.test(c)) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

const requiredClasses = 3;

/**
 * Prepares an engine for a policy: loads the breached list and the curated terms (once per process and
 * configuration, shared between engines) and indexes the organization's terms. Throws a RangeError for a
 * policy that the policy schema should have refused (bad lengths, too many or malformed terms).
 */
export async function createPasswordEngine(
  policy: PasswordPolicy,
  options: PasswordEngineOptions = {},
): Promise<PasswordEngine> {
  const minLength = effectiveMinLength(policy);
  const maxLength = policy.maxLength;
  if (!Number.isInteger(minLength) || minLength < 1 || !Number.isInteger(maxLength) || maxLength < minLength)
    throw new RangeError(`password lengths: need 1 <= minLength (${minLength}) <= maxLength (${maxLength})`);
  const fuzzyMinLength = options.fuzzyMinLength ?? 5;
  const orgTerms = organizationTerms(policy.bannedTerms);

  const [curated, common] = await Promise.all([
    options.curatedTerms === false ? Promise.resolve([]) : loadCuratedTerms(),
    options.commonList === false || policy.commonList.entries <= 0
      ? Promise.resolve(undefined)
      : loadCommonList({ entries: policy.commonList.entries, file: policy.commonList.file, minLength }),
  ]);
  const listed = (term: string): BannedTerm => ({ term, fuzzy: [...term].length >= fuzzyMinLength });
  const terms: TermIndex = createTermIndex([...curated, ...orgTerms].map(listed));

  return {
    minLength,
    maxLength,
    async check(password, ctx) {
      const violations: Violation[] = [];
      const normalized = normalizePassword(password);
      const length = codePointLength(normalized);
      if (length < minLength || length > maxLength)
        violations.push({ rule: 'length', params: { min: minLength, max: maxLength, length } });
      if (length > maxCheckedLength) return { accepted: false, violations };

      const folded = normalized.toLowerCase();
      if (common?.isCommon(folded)) violations.push({ rule: 'common_password', params: {} });
      // Only a password nothing is wrong with yet costs a network round trip.
      const breach = violations.length > 0 ? undefined : await options.rangeCheck?.violation(normalized);
      if (breach) violations.push(breach);

      // Names only once the caller is authenticated: otherwise anyone could probe a user's names.
      const indexes = [terms];
      if (ctx.authenticated) {
        const names = nameTerms(ctx.givenName, ctx.familyName);
        if (names.length > 0) indexes.push(createTermIndex(names.map((term) => ({ term, fuzzy: false }))));
      }
      // Each match covers at most maxSpan characters, so a password this long scores at least the required
      // points whatever it contains: skip the search (it is the one costly step, and grows with length).
      const maxSpan = Math.max(1, ...indexes.map((i) => i.maxSpan));
      if (length < requiredBannedScore * maxSpan) {
        const { score } = bannedScore(folded, indexes);
        if (score < requiredBannedScore)
          violations.push({ rule: 'banned_score', params: { score, required: requiredBannedScore } });
      }

      const words = contextWords({
        username: ctx.username,
        organizationName: ctx.organizationName,
        policyWords: policy.contextWords,
      });
      const found = findContextWord(folded, words);
      if (found !== undefined) violations.push({ rule: 'context_word', params: { source: found.source } });

      if (policy.requireClasses) {
        const classes = characterClasses(normalized);
        if (classes < requiredClasses)
          violations.push({ rule: 'classes', params: { required: requiredClasses, found: classes } });
      }

      if (ctx.authenticated && ctx.inHistory !== undefined && policy.historyCount > 0) {
        if (await ctx.inHistory(normalized))
          violations.push({ rule: 'history', params: { count: policy.historyCount } });
      }
      return { accepted: violations.length === 0, violations };
    },
  };
}
