// The shape of a rule violation, shared by the engine, the message catalog and the HTTP layer.

/** Rule ids as clients see them; they are part of the public API, so never rename one. */
export const violationRules = [
  'length',
  'common_password',
  'banned_score',
  'context_word',
  'history',
  'classes',
] as const;

export type ViolationRule = (typeof violationRules)[number];

export interface Violation {
  rule: ViolationRule;
  /** Values a client may show or localize with (e.g. `{min, max, length}`); never the password itself. */
  params: Record<string, string | number>;
}
