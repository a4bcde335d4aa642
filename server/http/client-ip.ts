// The client's address: the socket peer, or X-Forwarded-For only when the peer is a configured trusted proxy.
import ipaddr from 'ipaddr.js';

export type TrustedProxies = [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** Parses CIDRs like `10.0.0.0/8` or single addresses; throws with the bad entry. */
export function parseTrustedProxies(list: readonly string[]): TrustedProxies {
  return list.map((entry) => {
    try {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const a = ipaddr.parse(entry);
      return [a, a.kind() === 'ipv4' ? 32 : 128];
    } catch {
      throw new Error(`trusted proxy "${entry}" is not an IP address or CIDR`);
    }
  }) as TrustedProxies;
}

function normalize(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(ip)) return undefined;
  const a = ipaddr.parse(ip);
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()
    ? (a as ipaddr.IPv6).toIPv4Address()
    : a;
}

function trusted(a: ipaddr.IPv4 | ipaddr.IPv6, proxies: TrustedProxies): boolean {
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
