// RFC 4515 filter escaping and objectGUID text/binary forms, checked against ldapts's own filter parser.
import fc from 'fast-check';
import { EqualityFilter, FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';
import {
  escapeBinaryFilterValue,
  escapeFilterValue,
  fillUserFilter,
  guidFromText,
  guidToText,
  isUuidText,
} from '../../../../server/directory/ldap/escape.ts';

describe('escapeFilterValue', () => {
  it('escapes the five characters RFC 4515 requires', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0c')).toBe('a\\5cb\\00c');
    expect(escapeFilterValue('jörg.müller@contoso')).toBe('jörg.müller@contoso');
  });

  it('always yields one equality assertion whose value is exactly the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (typed) => {
        const f = FilterParser.parseString(fillUserFilter('(uid={username})', typed));
        expect(f).toBeInstanceOf(EqualityFilter);
        expect((f as EqualityFilter).attribute).toBe('uid');
        expect((f as EqualityFilter).value).toBe(typed);
      }),
    );
  });

  it('fills every {username} of a template', () => {
    expect(fillUserFilter('(|(uid={username})(mail={username}@contoso.example))', 'a*')).toBe(
      '(|(uid=a\\2a)(mail=a\\2a@contoso.example))',
    );
    // A `$&` in the name is text, not a replacement pattern.
    expect(fillUserFilter('(uid={username})', '$&')).toBe('(uid=$&)');
  });
});

describe('objectGUID forms', () => {
  it('uses the Windows text form (first three fields byte-swapped)', () => {
    const bytes = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    expect(guidToText(bytes)).toBe('33221100-5544-7766-8899-aabbccddeeff');
    expect(escapeBinaryFilterValue(bytes)).toBe(
      '\\00\\11\\22\\33\\44\\55\\66\\77\\88\\99\\aa\\bb\\cc\\dd\\ee\\ff',
    );
  });

  it('round-trips any 16 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        const t = guidToText(b)!;
        expect(isUuidText(t)).toBe(true);
        expect(guidFromText(t)?.equals(Buffer.from(b))).toBe(true);
        expect(guidFromText(t.toUpperCase())?.equals(Buffer.from(b))).toBe(true);
      }),
    );
  });

  it('refuses anything that is not a GUID', () => {
    expect(guidToText(new Uint8Array(15))).toBeUndefined();
    for (const s of [
      '',
      '*',
      '00112233-4455-6677-8899-aabbccddeef',
      '00112233-4455-6677-8899-aabbccddeeffx',
      '\\2a',
    ])
      expect(guidFromText(s)).toBeUndefined();
  });
});
