// Signing in to the admin console: a directory user in an admin or helpdesk group, their password, then a code
// to one of their own methods (the one code lifecycle, server/flows/codes.ts), then an opaque session cookie
// stored hashed (30 minutes idle, 8 hours at most), revoked on sign-out and when their password changes.
import { randomUUID } from 'node:crypto';
import { type Channel, channelFor, contactMethodIds } from '../../api/methods.ts';
import type { MethodId, Policy } from '../../api/policy.ts';
import type { ResetMethod } from '../../api/reset.ts';
import { type AuditDetail, type AuditResult, audit } from '../audit/audit.ts';
import { canonicalUsername } from '../directory/canonical.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { checkCode, failedCheck, issueCode, methodFailKey } from '../flows/codes.ts';
import { checkCurrentPassword } from '../flows/current-password.ts';
import { realMethods } from '../flows/hints.ts';
import { loadAuthData, wellFormed } from '../policy/auth-data.ts';
import { problem } from '../problem.ts';
import { blockedFor, refund, take } from '../security/throttle.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import type { Caller, Services } from '../services.ts';
import type { Queryable } from '../store/db.ts';

export type ConsoleRole = 'admin' | 'helpdesk';

/** A console session that passed the gate; `actor` names the human in the audit. */
export interface ConsoleSession {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  role: ConsoleRole;
  actor: string;
  expiresAt: number;
}

const minute = 60_000;
const hour = 60 * minute;
/** How long the second step may take after the password. */
const signInLifetimeMs = 10 * minute;
export const idleMs = 30 * minute;
export const absoluteMs = 8 * hour;
/** last_seen_at moves at most once a minute, so a busy console does not write on every request. */
const touchEveryMs = minute;

interface SignInRow {
  id: string;
  user_id: string;
  subject: string;
  state: string;
  methods: ResetMethod[];
  expires_at: Date;
}

/** The role a directory user has in the console, if any: admin wins over helpdesk. */
export function consoleRole(p: Policy, u: DirectoryUser): ConsoleRole | null {
  if (u.disabled) return null;
  if (u.groups.some((g) => p.admins.groups.includes(g))) return 'admin';
  if (u.groups.some((g) => p.helpdesk.groups.includes(g))) return 'helpdesk';
  return null;
}

export class ConsoleAuth {
  constructor(private readonly s: Services) {}

  private event(
    q: Queryable,
    c: Caller,
    userId: string | null,
    result: AuditResult,
    detail: AuditDetail,
    method?: string,
  ) {
    return audit(q, {
      at: this.s.clock.now(),
      kind: 'console',
      result,
      detail,
      actor: null,
      userId,
      ip: c.ip,
      userAgent: c.userAgent,
      method: method ?? null,
    });
  }

  /**
   * Checks the password (the same work for unknown users), then the role and a second factor on file: answers the
   * sign-in's token and the user's methods, masked as a reset shows them.
   */
  async signIn(body: { username: string; password: string }, c: Caller) {
    const { db, clock, directory } = this.s;
    const p = await this.s.policies.get();
    const now = clock.now();
    const ip = await take(db, `consoleip:${c.ipKey}`, null, p.throttles.ipResetStartsPerHour, hour, now);
    if (!ip.ok) throw problem(429, 'throttled', { retryAfter: ip.retryAfter });
    const canonical = canonicalUsername(body.username, p.organization.domains);
    const user = await directory.findUser(canonical);
    // The account's password attempts are the ones a change and a registration session count (the `acct`
    // family), taken before the check: the console is no way around that limit.
    const subject = user ? `u:${user.id}` : `h:${this.s.keys.stableHmac('user', canonical)}`;
    const acct = `acct:${subject}`;
    const slot = await take(db, acct, subject, p.throttles.accountFailuresPer15Minutes, 15 * minute, now);
    if (!slot.ok) throw problem(429, 'throttled', { retryAfter: slot.retryAfter });
    if (!(await checkCurrentPassword(this.s, user, body.password)) || !user) {
      await this.event(db, c, user?.id ?? null, 'failed', 'session_failed');
      throw problem(401, 'unauthorized');
    }
    await refund(db, acct);
    const role = consoleRole(p, user);
    if (!role) {
      await this.event(db, c, user.id, 'failed', 'session_failed');
      throw problem(403, 'forbidden', { detail: 'not a member of an admin or helpdesk group' });
    }
    const data = await loadAuthData(db, user.id);
    const ids = contactMethodIds.filter((id) => {
      const on = data.contacts[id];
      return on && wellFormed(on) && p.methods[id].enabled;
    });
    if (!ids.length) throw problem(403, 'second_factor_required');
    const methods = realMethods({ ...p, reset: { ...p.reset, showHints: true } }, ids, data);
    const token = newToken();
    await db.query(
      `INSERT INTO flows (id, token_hash, kind, user_id, subject, decoy, state, gates_required, gates_needed, methods,
         locale, ip, user_agent, created_at, expires_at)
       VALUES ($1, $2, 'console', $3, $4, false, 'started', 1, 1, $5, $6, $7, $8, $9, $10)`,
      [
        randomUUID(),
        hashToken(token),
        user.id,
        `c:${user.id}`,
        JSON.stringify(methods),
        c.locale,
        c.ip,
        c.userAgent,
        new Date(now),
        new Date(now + signInLifetimeMs),
      ],
    );
    return { challenge: token, expiresAt: new Date(now + signInLifetimeMs).toISOString(), role, methods };
  }

  private async pending(token: string): Promise<SignInRow> {
    const [row] = await this.s.db.query<SignInRow>(
      `SELECT id, user_id, subject, state, methods, expires_at FROM flows WHERE token_hash = $1 AND kind = 'console'`,
      [hashToken(token)],
    );
    if (row?.state !== 'started' || row.expires_at.getTime() <= this.s.clock.now())
      throw problem(401, 'flow_expired');
    return row;
  }

  /** Sends a code to one of the signing-in user's methods. */
  async challenge(body: { challenge: string; method: MethodId; channel?: Channel | undefined }, c: Caller) {
    const f = await this.pending(body.challenge);
    const m = f.methods.find((x) => x.id === body.method);
    const channel = m && channelFor(body.method, body.channel, m.channels);
    if (!m || !channel) throw problem(400, 'validation_failed', { field: m ? 'channel' : 'method' });
    const p = await this.s.policies.get();
    const wait = await blockedFor(this.s.db, methodFailKey(f.subject, body.method), this.s.clock.now());
    if (wait) throw problem(429, 'throttled', { retryAfter: wait });
    const to = (await loadAuthData(this.s.db, f.user_id)).contacts[body.method as 'alternateEmail']?.value;
    if (!to) throw problem(400, 'validation_failed', { field: 'method' });
    const sent = await issueCode(this.s, {
      table: 'codes',
      slot: { flow_id: f.id },
      columns: { gate: 1 },
      method: body.method,
      channel,
      bind: () => `console|${f.id}|${body.method}`,
      policy: p,
      subject: f.subject,
      to,
      destKey: to,
      message: { kind: 'verify_code', locale: c.locale },
      audit: (q) => this.event(q, c, f.user_id, 'succeeded', 'code_sent', body.method),
    });
    return {
      method: body.method,
      channel,
      expiresAt: new Date(sent.expiresAt).toISOString(),
      codeLength: sent.codeLength,
      resendAfter: p.throttles.sendSpacingSeconds,
    };
  }

  /** Checks the code; a pass opens the console session and answers its token (for the cookie) and who it is. */
  async verify(body: { challenge: string; method: MethodId; code: string }, c: Caller) {
    const f = await this.pending(body.challenge);
    if (!f.methods.some((m) => m.id === body.method))
      throw problem(400, 'validation_failed', { field: 'method' });
    const p = await this.s.policies.get();
    const user = await this.s.directory.getUser(f.user_id);
    const role = user && consoleRole(p, user);
    if (!user || !role) throw problem(401, 'flow_expired');
    const token = newToken();
    const now = this.s.clock.now();
    const out = await checkCode(this.s, {
      table: 'codes',
      where: { flow_id: f.id, method: body.method },
      bind: () => `console|${f.id}|${body.method}`,
      code: body.code,
      policy: p,
      ipKey: c.ipKey,
      subject: f.subject,
      failKey: () => methodFailKey(f.subject, body.method),
      lock: async (q) => {
        const [row] = await q.query<{ state: string }>('SELECT state FROM flows WHERE id = $1 FOR UPDATE', [
          f.id,
        ]);
        return row?.state === 'started' ? 'open' : 'closed';
      },
      failed: (q, left, detail) =>
        this.event(
          q,
          c,
          f.user_id,
          left ? 'failed' : 'blocked',
          left ? detail : 'method_blocked',
          body.method,
        ),
      pass: async (q) => {
        await q.query(`UPDATE flows SET state = 'done', finished_at = $2 WHERE id = $1`, [
          f.id,
          new Date(now),
        ]);
        await q.query(
          `INSERT INTO console_sessions (id, token_hash, user_id, role, created_at, last_seen_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $5, $6)`,
          [randomUUID(), hashToken(token), user.id, role, new Date(now), new Date(now + absoluteMs)],
        );
        await this.event(q, c, user.id, 'succeeded', 'session_opened', body.method);
        return true;
      },
    });
    if (out.verdict === 'used') throw problem(401, 'flow_expired');
    if (out.verdict !== 'ok') failedCheck(out);
    return {
      token,
      maxAgeSeconds: absoluteMs / 1000,
      me: {
        username: user.username,
        displayName: user.displayName,
        role,
        expiresAt: new Date(now + idleMs).toISOString(),
      },
    };
  }

  /**
   * The live session for a cookie's token: not revoked, seen within 30 minutes, younger than 8 hours, and its user
   * still in an admin or helpdesk group (the role is read again, so leaving the group ends the access).
   */
  async load(token: string | undefined): Promise<ConsoleSession> {
    if (!token) throw problem(401, 'unauthorized');
    const now = this.s.clock.now();
    const [row] = await this.s.db.query<{
      id: string;
      user_id: string;
      last_seen_at: Date;
      expires_at: Date;
      revoked_at: Date | null;
    }>(
      'SELECT id, user_id, last_seen_at, expires_at, revoked_at FROM console_sessions WHERE token_hash = $1',
      [hashToken(token)],
    );
    if (
      !row ||
      row.revoked_at ||
      row.expires_at.getTime() <= now ||
      row.last_seen_at.getTime() + idleMs <= now
    )
      throw problem(401, 'unauthorized');
    const user = await this.s.directory.getUser(row.user_id);
    const role = user && consoleRole(await this.s.policies.get(), user);
    if (!user || !role) throw problem(401, 'unauthorized');
    if (now - row.last_seen_at.getTime() >= touchEveryMs)
      await this.s.db.query('UPDATE console_sessions SET last_seen_at = $2 WHERE id = $1', [
        row.id,
        new Date(now),
      ]);
    return {
      id: row.id,
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role,
      actor: `console:${user.username}`,
      expiresAt: Math.min(row.expires_at.getTime(), Math.max(now, row.last_seen_at.getTime()) + idleMs),
    };
  }

  async signOut(sess: ConsoleSession, c: Caller): Promise<void> {
    await this.s.db.tx(async (q) => {
      await q.query('UPDATE console_sessions SET revoked_at = $2 WHERE id = $1', [
        sess.id,
        new Date(this.s.clock.now()),
      ]);
      await this.event(q, c, sess.userId, 'succeeded', 'session_closed');
    });
  }
}
