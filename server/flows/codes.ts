// The one lifecycle of a one-time code, for reset gates, registration, step-up and the console's second factor:
// issue (send budget, supersede, HMAC, queue the message) and check (per-IP throttle, count the attempt, judge,
// single use under concurrency, block at the limit), in the same order for every caller.
import { randomUUID } from 'node:crypto';
import { type Channel, type MethodId, methods } from '../../api/methods.ts';
import type { Policy } from '../../api/policy.ts';
import { problem } from '../problem.ts';
import { block, refund, take } from '../security/throttle.ts';
import { newCode } from '../security/tokens.ts';
import type { Services } from '../services.ts';
import type { Queryable, SqlValue } from '../store/db.ts';
import { takeSendBudget } from './send-budget.ts';

/** How long a code can be used (the messages say so in minutes). */
export const codeLifetimeMs = 10 * 60_000;
const hour = 3_600_000;

/** The tables codes live in and the HMAC label of each, so a code of one kind can never pass as the other. */
const tables = { codes: 'code', registration_codes: 'regcode' } as const;
export type CodeTable = keyof typeof tables;

/** What every code row holds about its checks. */
export interface StoredCode {
  id: string;
  method: string;
  code_hmac: string;
  kid: string;
  expires_at: Date;
  attempts: number;
  used_at: Date | null;
}

/** Column = value conditions; the column names are the callers' constants, never input. */
type Columns = Readonly<Record<string, SqlValue>>;

export interface IssueCode {
  table: CodeTable;
  /** With the method, the columns naming the code's slot: a new code supersedes the slot's earlier ones. */
  slot: Columns;
  /** Further columns stored with it. */
  columns?: Columns;
  method: MethodId;
  channel: Channel;
  /** What the HMAC binds besides the code, given the new row's id. */
  bind: (id: string) => string;
  policy: Policy;
  /** The throttle subject the send budget is counted for. */
  subject: string;
  /** Where it goes; undefined for a decoy, which sends nothing but paces and budgets on `destKey` alike. */
  to: string | undefined;
  destKey: string;
  message: { kind: 'reset_code' | 'verify_code'; locale: string };
  /** Records the send in the same transaction. */
  audit: (q: Queryable) => Promise<void>;
}

/**
 * Issues a code: takes the send budget (429 `send_paced` / `throttled`), supersedes the slot's earlier codes,
 * stores only the code's HMAC and queues the message, all in one transaction; then wakes the delivery worker.
 */
export async function issueCode(s: Services, o: IssueCode) {
  const { db, keys } = s;
  const now = s.clock.now();
  const code = newCode(methods[o.method].codeLength);
  const id = randomUUID();
  const expiresAt = now + codeLifetimeMs;
  const limited = await db.tx(async (q) => {
    const l = await takeSendBudget(q, o.policy, keys, o.subject, o.channel, o.to, o.destKey, now);
    if (l) return l;
    const slot = Object.entries({ ...o.slot, method: o.method });
    await q.query(
      `UPDATE ${o.table} SET superseded_at = $1 WHERE superseded_at IS NULL AND ${slot.map(([k], i) => `${k} = $${i + 2}`).join(' AND ')}`,
      [new Date(now), ...slot.map(([, v]) => v)],
    );
    const mac = keys.sign(tables[o.table], `${o.bind(id)}|${code}`);
    const row: Columns = {
      ...o.slot,
      ...o.columns,
      id,
      method: o.method,
      channel: o.channel,
      code_hmac: mac.mac,
      kid: mac.kid,
      created_at: new Date(now),
      expires_at: new Date(expiresAt),
    };
    const cols = Object.keys(row);
    await q.query(
      `INSERT INTO ${o.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
    if (o.to)
      await s.delivery.enqueue(q, {
        ...o.message,
        channel: o.channel,
        to: o.to,
        code,
        expiresAt,
        vars: { org: o.policy.organization.name, minutes: codeLifetimeMs / 60_000 },
      });
    await o.audit(q);
    return null;
  });
  if (limited && 'paced' in limited) throw problem(429, 'send_paced', { retryAfter: limited.paced });
  if (limited) throw problem(429, 'throttled', { retryAfter: limited.throttled });
  s.delivery.kick();
  return { id, expiresAt, codeLength: code.length };
}

/** Where what a code belongs to stands, read under its lock. */
export type Standing =
  /** A right code passes. */
  | 'open'
  /** The code's purpose is already met: a right code is a replay. */
  | 'passed'
  /** Nothing can pass any more (the flow moved on): any code is a replay. */
  | 'closed';

export interface CheckCode<R extends StoredCode, T> {
  table: CodeTable;
  /** Picks the code: its newest unsuperseded row matching these columns. */
  where: Columns;
  /** What the HMAC bound besides the code. */
  bind: (row: R) => string;
  code: string;
  policy: Policy;
  ipKey: string;
  subject: string;
  /** The per-method failure counter, given the row found (none when nothing matched). */
  failKey: (row: R | undefined) => string;
  /** Locks what the code belongs to, so the checks of one flow or session take turns, and says where it stands. */
  lock: (q: Queryable) => Promise<Standing>;
  /** Records a failure in the same transaction (audit), after it was counted. */
  failed?: (
    q: Queryable,
    attemptsLeft: number,
    detail: 'code_invalid' | 'code_expired',
    row: R | undefined,
  ) => Promise<void>;
  /** Records the pass in the same transaction; `used` when it turns out another request passed first. */
  pass: (q: Queryable, row: R) => Promise<T | typeof used>;
}

export const used = Symbol('used');

export type CodeVerdict<T> =
  | { verdict: 'ok'; value: T }
  /** A right code that came after its purpose was met (a double submit, a parallel request): spends nothing. */
  | { verdict: 'used' }
  | { verdict: 'bad' | 'expired'; attemptsLeft: number };

/**
 * Checks a code. In order: the per-IP verification throttle; then, under the lock, a right code that finds its
 * purpose met is a replay that spends nothing; any other check takes a slot of the method's failure counter before
 * it is judged (so parallel guesses can never judge more than the limit), the code counts one of its checks, and
 * a failure blocks the method at the limit; a pass marks the code used and gives the slot back.
 */
export async function checkCode<R extends StoredCode, T>(
  s: Services,
  o: CheckCode<R, T>,
): Promise<CodeVerdict<T>> {
  const { db, keys } = s;
  const p = o.policy;
  const now = s.clock.now();
  await takeVerification(s, p, o.ipKey);
  const out = await db.tx(
    async (q): Promise<CodeVerdict<T> | { verdict: 'throttled'; retryAfter: number }> => {
      const standing = await o.lock(q);
      const where = Object.entries(o.where);
      const [row] = await q.query<R>(
        `SELECT * FROM ${o.table} WHERE superseded_at IS NULL AND ${where.map(([k], i) => `${k} = $${i + 1}`).join(' AND ')}
       ORDER BY created_at DESC LIMIT 1`,
        where.map(([, v]) => v),
      );
      const right =
        row !== undefined && keys.verify(tables[o.table], `${o.bind(row)}|${o.code}`, row.kid, row.code_hmac);
      if (standing === 'closed' || (right && (standing === 'passed' || row.used_at)))
        return { verdict: 'used' };
      const key = o.failKey(row);
      const slot = await take(q, key, o.subject, p.throttles.failuresPerMethodPerHour, hour, now);
      if (!slot.ok) return { verdict: 'throttled', retryAfter: slot.retryAfter };
      const judged = await judge(q, o.table, row, right, p.throttles.codeChecks, now);
      if (judged === 'used') {
        await refund(q, key);
        return { verdict: 'used' };
      }
      if (judged !== 'ok') {
        const attemptsLeft = await countFailure(q, p, key, o.subject, slot.count, now);
        await o.failed?.(q, attemptsLeft, judged === 'expired' ? 'code_expired' : 'code_invalid', row);
        return { verdict: judged, attemptsLeft };
      }
      await refund(q, key);
      const value = await o.pass(q, row!);
      return value === used ? { verdict: 'used' } : { verdict: 'ok', value };
    },
  );
  if (out.verdict === 'throttled') throw problem(429, 'throttled', { retryAfter: out.retryAfter });
  return out;
}

/** The answer to a failed check, the same for every caller. */
export function failedCheck(v: { verdict: 'bad' | 'expired'; attemptsLeft: number }): never {
  throw problem(400, v.verdict === 'expired' ? 'code_expired' : 'invalid_code', {
    attemptsLeft: v.attemptsLeft,
  });
}

/** Takes one of the caller's IP's verifications per hour (codes and answers alike); 429 beyond. */
export async function takeVerification(s: Services, p: Policy, ipKey: string): Promise<void> {
  const ip = await take(
    s.db,
    `ipverify:${ipKey}`,
    null,
    p.throttles.ipVerificationsPerHour,
    hour,
    s.clock.now(),
  );
  if (!ip.ok) throw problem(429, 'throttled', { retryAfter: ip.retryAfter });
}

/** The counter of a method's failed proofs, codes and answers for one subject (reset gates, the console). */
export function methodFailKey(subject: string, method: string): string {
  return `fail:${subject}:${method}`;
}

/** The attempts left after the `count`-th failure of a method; at the limit the method is blocked for the policy's hours. */
export async function countFailure(
  q: Queryable,
  p: Policy,
  key: string,
  subject: string,
  count: number,
  now: number,
): Promise<number> {
  const left = Math.max(0, p.throttles.failuresPerMethodPerHour - count);
  if (left === 0) await block(q, key, subject, now + p.throttles.methodBlockHours * hour, now);
  return left;
}

/**
 * Counts one check of the code and judges it: at most `maxChecks` checks, expiry, single use. The update re-reads
 * the row under its lock, so of parallel checks of one code only one can use it (`used` for the others).
 */
async function judge(
  q: Queryable,
  table: CodeTable,
  row: StoredCode | undefined,
  right: boolean,
  maxChecks: number,
  now: number,
): Promise<'ok' | 'expired' | 'bad' | 'used'> {
  if (!row || row.used_at || row.attempts >= maxChecks) return 'bad';
  const verdict = row.expires_at.getTime() <= now ? 'expired' : right ? 'ok' : 'bad';
  const counted = await q.query(
    `UPDATE ${table} SET attempts = attempts + 1, used_at = $2
     WHERE id = $1 AND used_at IS NULL AND attempts < $3 RETURNING id`,
    [row.id, verdict === 'ok' ? new Date(now) : null, maxChecks],
  );
  if (counted.length) return verdict;
  return right ? 'used' : 'bad';
}
