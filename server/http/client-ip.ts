// The client's address: the socket peer, or X-Forwarded-For only when the peer is a configured trusted proxy.
import ipaddr from 'ipaddr.js';

/** Networks as parsed CIDRs; a single address is its own /32 or /128. */
export type AddressList = [ipaddr.IPv4 | ipaddr.IPv6, number][];
export type TrustedProxies = AddressList;

/** Parses CIDRs like `10.0.0.0/8` or single addresses; throws naming the bad entry and what it was for. */
export function parseAddressList(list: readonly string[], what = 'trusted proxy'): AddressList {
  return list.map((entry) => {
    try {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const a = ipaddr.parse(entry);
      return [a, a.kind() === 'ipv4' ? 32 : 128];
    } catch {
      throw new Error(`${what} "${entry}" is not an IP address or CIDR`);
    }
  }) as AddressList;
}

export const parseTrustedProxies = (list: readonly string[]): TrustedProxies => parseAddressList(list);

/** True when ip (as clientIp returns it) lies in one of the networks. */
export function inAddressList(ip: string, list: AddressList): boolean {
  const a = normalize(ip);
  return a !== undefined && trusted(a, list);
}

function normalize(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(ip)) return undefined;
  const a = ipaddr.parse(ip);
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()
    ? (a as ipaddr.IPv6).toIPv4Address()
    : a;
}

function trusted(a: ipaddr.IPv4 | ipaddr.IPv6, proxies: AddressList): boolean {
  return proxies.some(([net, bits]) => a.kind() === net.kind() && a.match(net, bits));
}

/** Walks X-Forwarded-For from the right, skipping trusted proxies; spoofed entries left of them are ignored. */
export function clientIp(
  peer: string | undefined,
  forwarded: string | undefined,
  proxies: TrustedProxies,
): string {
  const p = normalize(peer ?? '');
  if (!p) return 'unknown';
  if (!forwarded || !trusted(p, proxies)) return p.toString();
  const hops = forwarded.split(',').map((s) => s.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const a = normalize(hops[i]!);
    if (!a) return p.toString();
    if (!trusted(a, proxies)) return a.toString();
  }
  return p.toString();
}

/**
 * The key per-IP throttles count under: an IPv4 address as it is, an IPv6 address by its /64, since one host or
 * one customer usually holds the whole block. Anything unparsable (`unknown` from app.request() in tests) stays.
 *
 * @example ipKey('2001:db8:0:0:1::7') // '2001:db8:0:0::/64'
 */
export function ipKey(ip: string): string {
  const a = normalize(ip);
  if (!a) return ip;
  if (a.kind() === 'ipv4') return a.toString();
  return `${(a as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}
