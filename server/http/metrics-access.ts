// Who may read /metrics: configured networks (loopback by default) or a bearer token, as Prometheus sends it.
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { problem } from '../problem.ts';
import { hashToken } from '../security/tokens.ts';
import { inAddressList, parseAddressList } from './client-ip.ts';
import type { Env } from './env.ts';

export interface MetricsAccess {
  allowFrom: readonly string[];
  token?: string | undefined;
}

/**
 * Guards the metrics route. The counts leak no user data, but they tell anyone how many resets run and how they
 * end; so only the scraper's network or its token gets them. A wrong or missing token is 401, a stranger 403.
 * Returns the check the auth gate runs for routes whose `auth` is `metrics`.
 */
export function metricsAccess(o: MetricsAccess): (c: Context<Env>) => void {
  const networks = parseAddressList(o.allowFrom, 'metrics.allowFrom entry');
  // Compared as hashes so the comparison takes the same time whatever the length of what was sent.
  const expected = o.token ? Buffer.from(hashToken(o.token)) : undefined;
  return (c) => {
    const sent = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (sent !== undefined) {
      if (!expected || !timingSafeEqual(Buffer.from(hashToken(sent)), expected))
        throw problem(401, 'unauthorized');
    } else if (!inAddressList(c.var.caller.ip, networks))
      throw problem(expected ? 401 : 403, expected ? 'unauthorized' : 'forbidden');
  };
}
