// API keys from the console: created with the secret shown once, listed without secrets, revoked; all audited
// with the admin's name.
import ipaddr from 'ipaddr.js';
import { audit } from '../audit/audit.ts';
import { problem } from '../problem.ts';
import { createApiKey, type KeyScope, revokeApiKey } from '../security/api-keys.ts';
import type { Services } from '../services.ts';

export async function createKey(
  s: Services,
  body: { name: string; scope: KeyScope; cidrs: string[] },
  actor: string,
): Promise<{ id: string; key: string }> {
  const bad = body.cidrs.findIndex((c) => !ipaddr.isValidCIDR(c));
  if (bad >= 0)
    throw problem(422, 'validation_failed', { field: `cidrs.${bad}`, detail: 'not a CIDR like 10.0.0.0/8' });
  return s.db.tx(async (q) => {
    const k = await createApiKey(q, { ...body, now: s.clock.now() });
    await audit(q, {
      at: s.clock.now(),
      kind: 'admin',
      result: 'succeeded',
      detail: 'key_created',
      actor,
      data: { id: k.id, scope: body.scope, name: body.name },
    });
    return k;
  });
}

export async function revokeKey(s: Services, id: string, actor: string): Promise<void> {
  // Only an id from the list: the prefix form the CLI accepts is for people typing.
  if (!/^[0-9a-f-]{36}$/.test(id)) throw problem(404, 'not_found');
  await s.db.tx(async (q) => {
    if (!(await revokeApiKey(q, id, s.clock.now()))) throw problem(404, 'not_found');
    await audit(q, {
      at: s.clock.now(),
      kind: 'admin',
      result: 'succeeded',
      detail: 'key_revoked',
      actor,
      data: { id },
    });
  });
}
