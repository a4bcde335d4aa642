// English messages for password rule violations: a catalog keyed by rule id that other languages follow.
import type { Violation, ViolationRule } from './violation.ts';

type Params = Violation['params'];

const contextSources: Record<string, string> = {
  username: 'your username',
  organization: "your organization's name",
  policy: 'a word your organization does not allow',
};

/** One renderer per rule; `Record<ViolationRule, …>` makes a new rule without a message a type error. */
export const englishMessages: Readonly<Record<ViolationRule, (p: Params) => string>> = {
  length: (p) =>
    Number(p.length) < Number(p.min)
      ? `Use at least ${p.min} characters (this password has ${p.length}).`
      : `Use at most ${p.max} characters (this password has ${p.length}).`,
  common_password: (p) =>
    p.source === 'breach_unavailable'
      ? 'This password could not be checked against known breaches right now. Try again in a moment.'
      : p.source === 'breached'
        ? 'This password has appeared in a data breach, so attackers try it. Choose another.'
        : 'This password is too common: it is on, or one character away from, a list of passwords exposed in breaches.',
  banned_score: (p) =>
    `This password is built from commonly used words or names (score ${p.score}, at least ${p.required} needed). ` +
    'Add more characters or words that are not common.',
  context_word: (p) =>
    `The password must not contain ${contextSources[String(p.source)] ?? contextSources.policy}.`,
  history: (p) => `You have used this password recently. Choose one that differs from your last ${p.count}.`,
  classes: (p) =>
    `Use at least ${p.required} of these: lowercase letters, uppercase letters, digits, symbols (this password has ${p.found}).`,
};

/** Renders a violation as one English sentence for people; clients should key their own text on `rule`. */
export function describeViolation(v: Violation): string {
  return englishMessages[v.rule](v.params);
}
