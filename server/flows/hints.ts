// Method hints for real users and decoys: same masks, country codes, domains and method mix for both.

import type { PhoneChannel } from '../../api/methods.ts';
import { methodIds, methods } from '../../api/methods.ts';
import type { MethodId, Policy } from '../../api/policy.ts';
import type { ResetMethod } from '../../api/reset.ts';
import type { Clock } from '../clock.ts';
import { maskEmail, maskPhone } from '../delivery/mask.ts';
import type { AuthData } from '../policy/auth-data.ts';
import { callingCodeOf } from '../policy/phone.ts';
import type { Keyring } from '../security/keyring.ts';
import type { Queryable } from '../store/db.ts';

export function channelsOf(p: Policy, id: MethodId): PhoneChannel[] | undefined {
  if (id === 'mobilePhone')
    return [
      ...(p.methods.mobilePhone.sms ? ['sms' as const] : []),
      ...(p.methods.mobilePhone.voice ? ['voice' as const] : []),
    ];
  if (id === 'officePhone') return ['voice'];
  return undefined;
}

function method(p: Policy, id: MethodId, hint: string): ResetMethod {
  const channels = channelsOf(p, id);
  return {
    id,
    type: methods[id].type,
    hint: p.reset.showHints ? hint : '',
    ...(channels ? { channels } : {}),
  };
}

/** Hints for a real user's usable methods. */
export function realMethods(p: Policy, ids: MethodId[], d: AuthData): ResetMethod[] {
  return ids.map((id) => {
    if (id === 'questions') return method(p, id, '');
    const value = d.contacts[id]!.value;
    return method(p, id, id === 'alternateEmail' ? maskEmail(value) : maskPhone(value));
  });
}

interface Profile {
  methods: MethodId[];
  domain?: string | undefined;
  mobileCc?: string | undefined;
  officeCc?: string | undefined;
}

/** A sample of real users' method mixes, email domains and calling codes, refreshed every minute. */
export class DecoyProfiles {
  private cache: { at: number; profiles: Profile[] } | undefined;

  constructor(private readonly clock: Clock) {}

  async sample(q: Queryable): Promise<Profile[]> {
    const now = this.clock.now();
    // Real and unknown users' starts both sample, so a cache hit costs both the same (no query at all).
    if (this.cache && now - this.cache.at < 60_000 && now >= this.cache.at) return this.cache.profiles;
    const rows = await q.query<{
      user_id: string;
      method: Exclude<MethodId, 'questions'>;
      value: string;
      questions: number;
    }>(
      `SELECT c.user_id, c.method, c.value,
         (SELECT count(*)::int FROM security_answers s WHERE s.user_id = c.user_id) AS questions
       FROM contact_methods c
       WHERE c.user_id IN (SELECT DISTINCT user_id FROM contact_methods ORDER BY user_id LIMIT 1000)
         AND (c.source <> 'user' OR c.verified_at IS NOT NULL)`,
    );
    const byUser = new Map<string, Profile>();
    for (const r of rows) {
      const p = byUser.get(r.user_id) ?? { methods: r.questions >= 3 ? ['questions'] : [] };
      byUser.set(r.user_id, p);
      if (!p.methods.includes(r.method)) p.methods.push(r.method);
      if (r.method === 'alternateEmail') p.domain = r.value.slice(r.value.lastIndexOf('@') + 1);
      if (r.method === 'mobilePhone') p.mobileCc = callingCodeOf(r.value);
      if (r.method === 'officePhone') p.officeCc = callingCodeOf(r.value);
    }
    const profiles = [...byUser.values()];
    this.cache = { at: now, profiles };
    return profiles;
  }
}

const order: readonly MethodId[] = methodIds;

/**
 * A decoy's methods for a username: one real user's mix (chosen by a keyed hash, stable per name) with made-up
 * values in that user's domain and calling codes, trimmed to what the policy offers and padded to its gates.
 */
export function decoyMethods(
  p: Policy,
  keys: Keyring,
  canonical: string,
  profiles: Profile[],
  gates: number,
): ResetMethod[] {
  const h = Buffer.from(keys.stableHmac('decoy', canonical), 'base64url');
  const profile: Profile = profiles.length
    ? profiles[h.readUInt32BE(0) % profiles.length]!
    : { methods: ['alternateEmail', 'mobilePhone'], domain: 'example.com', mobileCc: '1' };
  const allowed = (id: MethodId) =>
    p.methods[id].enabled && (id !== 'questions' || p.reset.gatesRequired === 2);
  const ids = order.filter((id) => profile.methods.includes(id) && allowed(id));
  for (const id of order) if (ids.length < gates && !ids.includes(id) && allowed(id)) ids.push(id);
  const digits = (from: number) =>
    Array.from({ length: 10 }, (_, i) => String((h[from + i] ?? 0) % 10)).join('');
  const letter = String.fromCharCode(97 + ((h[4] ?? 0) % 26));
  return ids.map((id) => {
    if (id === 'questions') return method(p, id, '');
    if (id === 'alternateEmail')
      return method(p, id, maskEmail(`${letter}decoy@${profile.domain ?? 'example.com'}`));
    const cc = (id === 'mobilePhone' ? profile.mobileCc : profile.officeCc) ?? profile.mobileCc ?? '1';
    return method(p, id, maskPhone(`+${cc}${digits(id === 'mobilePhone' ? 8 : 18)}`));
  });
}
