// Starts the demo site beside a running Regain service: signs in against the service's directory, mints a tickets key.
import { canonicalUsername } from '../server/directory/canonical.ts';
import type { Runtime } from '../server/runtime.ts';
import { createApiKey } from '../server/security/api-keys.ts';
import { type RunningDemo, startDemo } from './server.ts';

/**
 * Runs the demo for `rt`, whose HTTP API answers at `api`. Creates a fresh `tickets` API key each time (the demo keeps
 * it in memory only); a real login backend gets its key once from `regain keys create --scope tickets`.
 */
export async function startDemoFor(
  rt: Runtime,
  api: string,
  o: { port?: number; host?: string; anyPortIfBusy?: boolean } = {},
): Promise<RunningDemo> {
  const s = rt.services;
  const { key } = await createApiKey(s.db, { scope: 'tickets', name: 'demo site', now: s.clock.now() });
  return startDemo({
    ...o,
    api,
    ticketKey: key,
    async signIn(username, password) {
      const policy = await s.policies.get();
      const user = await s.directory.findUser(canonicalUsername(username, policy.organization.domains));
      if (!user || user.disabled || user.locked) return null;
      if (!(await s.directory.verifyPassword(user.id, password))) return null;
      return { username: user.username, displayName: user.displayName };
    },
    log: (msg, err) => s.log.warn({ err }, `demo: ${msg}`),
  });
}
