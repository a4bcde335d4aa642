// Masks: documented examples, and a width that never depends on the real value's length.
import { describe, expect, it } from 'vitest';
import { maskDestination, maskEmail, maskPhone } from '../../../server/delivery/mask.ts';

describe('maskEmail', () => {
  it('keeps the first characters and the TLD', () => {
    expect(maskEmail('alice@personal.example')).toBe('a****@p*******.example');
    expect(maskEmail('Bob@Mail.Contoso.co.uk')).toBe('b****@m*******.uk');
    expect(maskEmail('甲斐@黒川.日本')).toBe('甲****@黒*******.日本');
    expect(maskEmail('root@localhost')).toBe('r****@l*******');
  });

  it('is fixed-width whatever the lengths', () => {
    const masks = ['a@b.com', 'alexandra.longname@c.com', 'x@averyveryverylongdomainname.com'].map(maskEmail);
    expect(new Set(masks.map((m) => m.length))).toEqual(new Set([masks[0]!.length]));
    expect(masks).toEqual(['a****@b*******.com', 'a****@c*******.com', 'x****@a*******.com']);
  });

  it('reveals nothing for something that is not an address', () => {
    expect(maskEmail('no-at-sign')).toBe('*****@********');
    expect(maskEmail('@example.com')).toBe('*****@********');
  });
});

describe('maskPhone', () => {
  it('keeps the country calling code and the last two digits', () => {
    expect(maskPhone('+14255550100')).toBe('+1 ••••••••00');
    expect(maskPhone('+33612345678')).toBe('+33 ••••••••78');
    expect(maskPhone('+4915112345678')).toBe('+49 ••••••••78');
    expect(maskPhone('+35312345679')).toBe('+353 ••••••••79');
  });

  it('is fixed-width for numbers of different lengths in one country', () => {
    const masks = ['+4930123456', '+49301234567', '+4915112345678', '+491511234567890'].map(maskPhone);
    expect(new Set(masks.map((m) => m.length)).size).toBe(1);
    expect(masks.every((m) => /^\+49 •{8}\d\d$/.test(m))).toBe(true);
  });

  it('leaves the prefix out rather than guess it', () => {
    expect(maskPhone('12')).toBe('••••••••12');
  });
});

describe('maskDestination', () => {
  it('masks per channel', () => {
    expect(maskDestination('email', 'alice@contoso.com')).toBe('a****@c*******.com');
    expect(maskDestination('sms', '+14255550100')).toBe('+1 ••••••••00');
    expect(maskDestination('voice', '+14255550100')).toBe('+1 ••••••••00');
  });
});
