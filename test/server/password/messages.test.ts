// Tests of the English message catalog for violations.
import { describe, expect, it } from 'vitest';
import { describeViolation, englishMessages } from '../../../server/password/messages.ts';
import { violationRules } from '../../../server/password/violation.ts';

describe('describeViolation', () => {
  it('has a message for every rule id', () => {
    expect(Object.keys(englishMessages).sort()).toEqual([...violationRules].sort());
  });

  it('renders the parameters', () => {
    expect(describeViolation({ rule: 'length', params: { min: 8, max: 256, length: 7 } })).toBe(
      'Use at least 8 characters (this password has 7).',
    );
    expect(describeViolation({ rule: 'length', params: { min: 8, max: 256, length: 257 } })).toBe(
      'Use at most 256 characters (this password has 257).',
    );
    expect(describeViolation({ rule: 'banned_score', params: { score: 4, required: 5 } })).toContain(
      'score 4',
    );
    expect(describeViolation({ rule: 'classes', params: { required: 3, found: 2 } })).toContain('at least 3');
    expect(describeViolation({ rule: 'history', params: { count: 5 } })).toContain('last 5');
    expect(describeViolation({ rule: 'common_password', params: {} })).toMatch(/common/);
  });

  it('names what a context word came from', () => {
    expect(describeViolation({ rule: 'context_word', params: { source: 'username' } })).toBe(
      'The password must not contain your username.',
    );
    expect(describeViolation({ rule: 'context_word', params: { source: 'organization' } })).toContain(
      'organization',
    );
  });
});
