// The per-IP throttle key: IPv4 as it is, IPv6 by its /64, checked against ipaddr.js's own CIDR matching.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { clientIp, ipKey, parseTrustedProxies } from '../../../server/http/client-ip.ts';

describe('ipKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0DB8:0000:0042:ffff::1', '2001:db8:0:42::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::ffff:198.51.100.4', '198.51.100.4'],
    ['unknown', 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });

  it('puts every IPv6 address in its own /64 and two addresses share a key exactly when their /64 is one', () => {
    const v6 = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
      .map((parts) => ipaddr.fromByteArray(parts.flatMap((p) => [p >> 8, p & 0xff])) as ipaddr.IPv6)
      .filter((a) => !a.isIPv4MappedAddress());
    fc.assert(
      fc.property(v6, v6, (a, b) => {
        const key = ipKey(a.toString());
        const [net, bits] = ipaddr.parseCIDR(key);
        expect(bits).toBe(64);
        expect(a.match(net, 64)).toBe(true);
        const same =
          a.toNormalizedString().split(':').slice(0, 4).join() ===
          b.toNormalizedString().split(':').slice(0, 4).join();
        expect(ipKey(b.toString()) === key).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('counts the client behind a trusted proxy, not the proxy', () => {
    const proxies = parseTrustedProxies(['10.0.0.0/8']);
    expect(ipKey(clientIp('10.1.2.3', '2001:db8:1:2:3::9, 10.0.0.5', proxies))).toBe('2001:db8:1:2::/64');
  });
});
