// The demo organization Contoso: users covering configured, partly configured, unregistered and privileged, plus a
// console admin and a helpdesk agent.
import type { PolicyInput } from '../api/policy.ts';
import type { BuiltinDirectory } from './directory/builtin.ts';
import { normalizeAnswer } from './flows/answers.ts';
import { hashSecret } from './security/passwords.ts';
import type { Services } from './services.ts';

/** Demo passwords; printed in the README, never used outside the demo. */
export const demoUsers = {
  alice: 'Tulip-Harbor-42',
  bob: 'Maple-Crane-77',
  carol: 'Violet-Anchor-19',
  dave: 'Granite-Falcon-63',
  /** The demo's console admin (group Regain Admins) and helpdesk agent (group Helpdesk). */
  ada: 'Beacon-Orchid-Summit-28',
  hal: 'Lattice-Pebble-Ember-45',
} as const;

export const demoAnswers = {
  'builtin.first-pet': 'Biscuit',
  'builtin.birth-city': 'Seattle',
  'builtin.first-school': 'Lincoln Elementary',
} as const;

export const demoPolicy: PolicyInput = {
  organization: { name: 'Contoso', domains: ['contoso.com'] },
  helpdesk: { url: 'mailto:helpdesk@contoso.com', groups: ['Helpdesk'] },
  admins: { groups: ['Regain Admins'] },
  reset: { enabled: 'all', gatesRequired: 1, unlockEnabled: true },
  // The demo shows the registration prompt after sign-in, as Azure does by default.
  registration: { enforced: true },
  methods: { questions: { enabled: true, toRegister: 3, toReset: 3 } },
  notifications: { adminEmails: ['helpdesk@contoso.com'] },
  privileged: { handling: 'twoGates', groups: ['Domain Admins'] },
};

/** Seeds Contoso; with onlyIfEmpty, does nothing when any user exists. Returns whether it seeded. */
export async function seedDemo(
  s: Services,
  dir: BuiltinDirectory,
  opts: { onlyIfEmpty: boolean },
): Promise<boolean> {
  if (opts.onlyIfEmpty) {
    const [any] = await s.db.query('SELECT 1 FROM users LIMIT 1');
    if (any) return false;
  }
  await s.policies.put(demoPolicy, 'seed-demo');
  const now = new Date(s.clock.now());
  const add = async (
    username: keyof typeof demoUsers,
    given: string,
    family: string,
    contacts: Record<string, string>,
    extra: { privileged?: boolean; groups?: string[] } = {},
  ) => {
    const id = await dir.addUser({
      username,
      displayName: `${given} ${family}`,
      givenName: given,
      familyName: family,
      email: `${username}@contoso.com`,
      password: demoUsers[username],
      ...extra,
    });
    for (const [method, value] of Object.entries(contacts))
      await s.db.query(
        `INSERT INTO contact_methods (user_id, method, source, value, verified_at, updated_at) VALUES ($1, $2, 'user', $3, $4, $4)`,
        [id, method, value, now],
      );
    return id;
  };
  const alice = await add('alice', 'Alice', 'Wong', {
    alternateEmail: 'alice@personal.example',
    mobilePhone: '+14255550100',
    officePhone: '+14255550101',
  });
  for (const [q, a] of Object.entries(demoAnswers))
    await s.db.query(
      'INSERT INTO security_answers (user_id, question_id, answer_hash, created_at) VALUES ($1, $2, $3, $4)',
      [alice, q, await hashSecret(s.keys, normalizeAnswer(a)), now],
    );
  await add('bob', 'Bob', 'Kelly', { alternateEmail: 'bob@personal.example' });
  await add('carol', 'Carol', 'Smith', {});
  await add(
    'dave',
    'Dave',
    'Ortiz',
    { alternateEmail: 'dave@personal.example', mobilePhone: '+14255550102' },
    { privileged: true, groups: ['Domain Admins'] },
  );
  // Like every demo mix, theirs has a phone (decoys copy real mixes, and the security suite probes a phone).
  await add(
    'ada',
    'Ada',
    'Quinn',
    { alternateEmail: 'ada@personal.example', mobilePhone: '+14255550104' },
    { groups: ['Regain Admins'] },
  );
  await add(
    'hal',
    'Hal',
    'Berg',
    { alternateEmail: 'hal@personal.example', mobilePhone: '+14255550105' },
    { groups: ['Helpdesk'] },
  );
  return true;
}
