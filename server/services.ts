// The services a route or flow receives; built once by the app, faked piecewise in tests.
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { OutgoingMessage } from './delivery/outbox.ts';
import type { Directory } from './directory/directory.ts';
import type { DecoyProfiles } from './flows/hints.ts';
import type { PasswordRules } from './flows/password-rules.ts';
import type { PolicyStore } from './policy/store.ts';
import type { CaptchaVerifier } from './security/captcha.ts';
import type { Keyring } from './security/keyring.ts';
import type { Db, Queryable } from './store/db.ts';

export interface Delivery {
  /** Queues a message inside the caller's transaction. */
  enqueue(q: Queryable, msg: OutgoingMessage): Promise<string>;
  /** Asks the worker to look at the outbox soon (after the transaction committed). */
  kick(): void;
}

export interface Services {
  db: Db;
  clock: Clock;
  keys: Keyring;
  directory: Directory;
  policies: PolicyStore;
  captcha: CaptchaVerifier;
  passwords: PasswordRules;
  delivery: Delivery;
  decoys: DecoyProfiles;
  log: Logger;
}

/** Who is asking: for throttles and audit, never trusted for decisions beyond that. */
export interface Caller {
  ip: string;
  /** What per-IP throttles count under (server/http/client-ip.ts: IPv6 by its /64). */
  ipKey: string;
  userAgent: string | null;
  locale: string;
}
