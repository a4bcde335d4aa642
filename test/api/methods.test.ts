// The method catalogue against DESIGN's rules for codes, and the API's schemas that derive from it.
import { describe, expect, it } from 'vitest';
import { channels, contactMethodIds, isContactMethod, methodIds, methods } from '../../api/methods.ts';
import { challengeBody, resetMethodSchema, verifyBody } from '../../api/reset.ts';

describe('method catalogue', () => {
  it('gives every contact method a code of at least 10⁶ values, 8 digits by email and 6 by phone', () => {
    for (const id of contactMethodIds) {
      expect(methods[id].codeLength).toBeGreaterThanOrEqual(6);
      expect(methods[id].channels.length).toBeGreaterThan(0);
      for (const ch of methods[id].channels) expect(channels).toContain(ch);
    }
    expect(methods.alternateEmail.codeLength).toBe(8);
    expect(methods.mobilePhone.codeLength).toBe(6);
    expect(methods.questions).toMatchObject({ codeLength: 0, channels: [] });
  });

  it('is what the schemas accept: every method and no other', () => {
    for (const id of methodIds) {
      expect(resetMethodSchema.shape.id.safeParse(id).success).toBe(true);
      expect(challengeBody.safeParse({ method: id }).success).toBe(true);
      expect(verifyBody.safeParse({ method: id, code: '12345678' }).success).toBe(isContactMethod(id));
    }
    expect(challengeBody.safeParse({ method: 'authenticatorApp' }).success).toBe(false);
  });
});
