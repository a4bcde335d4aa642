// Registration: sessions by password or ticket, step-up, adding and verifying contact data, questions, snoozes.

import { randomUUID } from 'node:crypto';
import type { Channel, PhoneChannel } from '../../api/methods.ts';
import { channelFor, methodIds, methods } from '../../api/methods.ts';
import type { Policy } from '../../api/policy.ts';
import type { RegistrationStatus } from '../../api/registration.ts';
import { type AuditDetail, type AuditResult, audit } from '../audit/audit.ts';
import { maskEmail, maskPhone } from '../delivery/mask.ts';
import { canonicalUsername } from '../directory/canonical.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import {
  type ContactMethodId,
  inScope,
  isPrivileged,
  loadAuthData,
  wellFormed,
} from '../policy/auth-data.ts';
import { phoneProblem, toE164 } from '../policy/phone.ts';
import { questionCatalog } from '../policy/questions.ts';
import { computeStatus, loadState, statusOf } from '../policy/status.ts';
import { problem } from '../problem.ts';
import { hashSecret } from '../security/passwords.ts';
import { refund, take } from '../security/throttle.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import type { Caller, Services } from '../services.ts';
import type { Queryable } from '../store/db.ts';
import { tellEveryChannel } from './after-password-change.ts';
import { normalizeAnswer } from './answers.ts';
import { checkCode, failedCheck, issueCode, type StoredCode } from './codes.ts';
import { checkCurrentPassword } from './current-password.ts';

const sessionLifetimeMs = 15 * 60_000;
const ticketLifetimeMs = 5 * 60_000;
const hour = 3_600_000;
/** A method added while others were on file waits this long before it can serve as a reset gate. */
const quarantineMs = 24 * hour;
const maxPendingDestinations = 3;
interface SessionRow {
  id: string;
  user_id: string;
  had_methods: boolean;
  stepped_up_at: Date | null;
  expires_at: Date;
}

export interface Session {
  row: SessionRow;
  user: DirectoryUser;
  policy: Policy;
}

const iso = (ms: number) => new Date(ms).toISOString();
const mask = (id: ContactMethodId, value: string) =>
  id === 'alternateEmail' ? maskEmail(value) : maskPhone(value);

export class RegistrationFlows {
  constructor(private readonly s: Services) {}

  private async event(
    q: Queryable,
    c: Caller,
    userId: string,
    detail: AuditDetail,
    method?: string,
    data?: unknown,
    result: AuditResult = 'succeeded',
  ) {
    await audit(q, {
      at: this.s.clock.now(),
      kind: 'registration',
      result,
      detail,
      userId,
      ip: c.ip,
      userAgent: c.userAgent,
      method: method ?? null,
      data,
    });
  }

  /** Opens a session with the current password (one generic 401, same work for unknown users) or a ticket. */
  async open(
    body: { username: string; password: string } | { ticket: string },
    c: Caller,
    origin: { present: boolean; allowed: boolean },
  ): Promise<{
    token: string;
    expiresAt: string;
    user: { displayName: string };
    status: RegistrationStatus;
  }> {
    const { db, clock, directory, keys } = this.s;
    const p = await this.s.policies.get();
    const now = clock.now();
    let user: DirectoryUser | null;
    let via: 'password' | 'ticket';
    if ('ticket' in body) {
      // A ticket is a bearer credential minted for a login backend: only that backend or a listed page may redeem it.
      if (origin.present && !origin.allowed) throw problem(403, 'forbidden');
      const [t] = await db.query<{ user_id: string }>(
        `UPDATE tickets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
         RETURNING user_id`,
        [hashToken(body.ticket), new Date(now)],
      );
      if (!t) throw problem(401, 'unauthorized');
      user = await directory.getUser(t.user_id);
      via = 'ticket';
    } else {
      const canonical = canonicalUsername(body.username, p.organization.domains);
      user = await directory.findUser(canonical).catch(() => {
        throw problem(503, 'directory_unavailable');
      });
      const subject = user ? `u:${user.id}` : `h:${keys.stableHmac('user', canonical)}`;
      // Shared with password/change and stopping below the directory's lockout, so Regain never locks anyone out.
      const slot = await take(
        db,
        `acct:${subject}`,
        subject,
        p.throttles.accountFailuresPer15Minutes,
        15 * 60_000,
        now,
      );
      if (!slot.ok) throw problem(429, 'throttled', { retryAfter: slot.retryAfter });
      const ok = await checkCurrentPassword(this.s, user, body.password);
      if (!ok || !user) {
        await audit(db, {
          at: now,
          kind: 'registration',
          result: 'failed',
          detail: 'session_failed',
          userId: user?.id ?? null,
          subjectHmac: user ? null : subject.slice(2),
          ip: c.ip,
          userAgent: c.userAgent,
        });
        throw problem(401, 'unauthorized');
      }
      await refund(db, `acct:${subject}`);
      via = 'password';
    }
    if (!user || user.disabled) throw problem(401, 'unauthorized');
    if (!inScope(p, user))
      throw problem(403, 'forbidden', {
        detail: 'Your administrator has not enabled you to use this feature.',
      });
    const token = newToken();
    const data = await loadAuthData(db, user.id);
    const hadMethods = Object.values(data.contacts).some((x) => x && wellFormed(x));
    await db.tx(async (q) => {
      await q.query(
        `INSERT INTO registration_sessions (id, token_hash, user_id, via, had_methods, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          randomUUID(),
          hashToken(token),
          user.id,
          via,
          hadMethods,
          new Date(now),
          new Date(now + sessionLifetimeMs),
        ],
      );
      await this.event(q, c, user.id, 'session_opened', undefined, { via });
    });
    return {
      token,
      expiresAt: iso(now + sessionLifetimeMs),
      user: { displayName: user.displayName },
      status: await statusOf(db, p, user, now),
    };
  }

  /** A live session for a bearer token; expired, revoked and unknown sessions are all 401. */
  async load(token: string | undefined): Promise<Session> {
    if (!token) throw problem(401, 'unauthorized');
    const [row] = await this.s.db.query<SessionRow & { revoked_at: Date | null }>(
      'SELECT id, user_id, had_methods, stepped_up_at, expires_at, revoked_at FROM registration_sessions WHERE token_hash = $1',
      [hashToken(token)],
    );
    if (!row || row.revoked_at || row.expires_at.getTime() <= this.s.clock.now())
      throw problem(401, 'unauthorized');
    const user = await this.s.directory.getUser(row.user_id);
    if (!user || user.disabled) throw problem(401, 'unauthorized');
    return { row, user, policy: await this.s.policies.get() };
  }

  /** The user's registration, with the version that If-Match must quote. */
  async view(sess: Session) {
    const { db, clock } = this.s;
    const p = sess.policy;
    const data = await loadAuthData(db, sess.user.id);
    const state = await loadState(db, sess.user.id);
    const rows = await db.query<{
      method: ContactMethodId;
      value: string;
      source: 'user' | 'admin' | 'directory';
      verified_at: Date | null;
      usable_for_reset_at: Date | null;
    }>(
      `SELECT method, value, source, verified_at, usable_for_reset_at FROM contact_methods
       WHERE user_id = $1 AND (source <> 'user' OR verified_at IS NOT NULL) ORDER BY method, source`,
      [sess.user.id],
    );
    const shown = rows.filter((r) => data.contacts[r.method]?.source === r.source);
    return {
      version: state.version,
      body: {
        status: computeStatus(p, sess.user, data, state, clock.now()),
        methods: shown.map((r) => ({
          id: r.method,
          type: methods[r.method].type,
          hint: mask(r.method, r.value),
          verifiedAt: r.verified_at?.toISOString() ?? null,
          source: r.source,
          usableForResetAt: r.usable_for_reset_at?.toISOString() ?? null,
        })),
        questions: {
          registered: data.questionIds.length,
          required: p.methods.questions.enabled ? p.methods.questions.toRegister : 0,
        },
      },
    };
  }

  /** Changes need a step-up when the user had a method on file before the session began (first registration: none). */
  private requireChange(sess: Session): void {
    if (isPrivileged(sess.policy, sess.user))
      throw problem(403, 'forbidden', {
        detail: "Privileged accounts' recovery data is managed by administrators.",
      });
    if (sess.row.had_methods && !sess.row.stepped_up_at) throw problem(403, 'step_up_required');
  }

  /** Runs a write under the registration version: a stale If-Match is 409, and the version moves on success. */
  private async write<T>(
    sess: Session,
    ifMatch: number | undefined,
    fn: (q: Queryable) => Promise<T>,
  ): Promise<T> {
    return this.s.db.tx(async (q) => {
      const state = await loadState(q, sess.user.id, true);
      if (ifMatch !== undefined && ifMatch !== state.version) throw problem(409, 'registration_changed');
      const out = await fn(q);
      await q.query('UPDATE registration_state SET version = version + 1 WHERE user_id = $1', [sess.user.id]);
      return out;
    });
  }

  /** Sends a code to a method on file, to prove it is still the user before changes. */
  async stepUp(sess: Session, body: { method: ContactMethodId; channel?: Channel | undefined }, c: Caller) {
    const data = await loadAuthData(this.s.db, sess.user.id);
    const on = data.contacts[body.method];
    if (!on || !wellFormed(on)) throw problem(400, 'validation_failed', { field: 'method' });
    const channel = channelFor(body.method, body.channel);
    if (!channel) throw problem(400, 'validation_failed', { field: 'channel' });
    const sent = await this.sendCode(sess, 'step_up', body.method, channel, on.value, c);
    return { method: body.method, expiresAt: sent.expiresAt, codeLength: sent.codeLength };
  }

  async stepUpVerify(sess: Session, body: { method: ContactMethodId; code: string }, c: Caller) {
    await this.checkCode(sess, 'step_up', { method: body.method }, body.code, c);
    await this.s.db.tx(async (q) => {
      await q.query('UPDATE registration_sessions SET stepped_up_at = $2 WHERE id = $1', [
        sess.row.id,
        new Date(this.s.clock.now()),
      ]);
      await this.event(q, c, sess.user.id, 'step_up_passed', body.method);
    });
    return { steppedUp: true as const };
  }

  /** Validates new contact data and sends a code to it; it counts only once verified. */
  async addMethod(
    sess: Session,
    body:
      | { id: 'alternateEmail'; email: string }
      | { id: 'mobilePhone' | 'officePhone'; phone: string; channel?: PhoneChannel },
    c: Caller,
  ) {
    this.requireChange(sess);
    const p = sess.policy;
    if (!p.methods[body.id].enabled)
      throw problem(400, 'validation_failed', { field: 'id', detail: 'method not enabled' });
    const data = await loadAuthData(this.s.db, sess.user.id);
    let value: string;
    let channel: Channel;
    if (body.id === 'alternateEmail') {
      value = body.email.trim();
      if (sess.user.email && value.toLowerCase() === sess.user.email.toLowerCase())
        throw problem(422, 'validation_failed', {
          field: 'email',
          detail: 'must differ from your primary address',
        });
      channel = 'email';
    } else {
      const raw = body.phone.trim();
      const why = phoneProblem(raw.startsWith('+') ? raw : `+${raw}`);
      if (why)
        throw problem(422, 'validation_failed', {
          field: 'phone',
          detail: `phone number is ${why.replace('_', '-')}`,
        });
      value = toE164(raw.startsWith('+') ? raw : `+${raw}`)!;
      const other = data.contacts[body.id === 'mobilePhone' ? 'officePhone' : 'mobilePhone'];
      if (other?.value === value)
        throw problem(422, 'validation_failed', {
          field: 'phone',
          detail: 'the mobile and office phones must differ',
        });
      channel = body.id === 'officePhone' ? 'voice' : (body.channel ?? 'sms');
      if (body.id === 'mobilePhone' && !p.methods.mobilePhone[channel as PhoneChannel])
        throw problem(400, 'validation_failed', { field: 'channel' });
    }
    const [pending] = await this.s.db.query<{ n: number }>(
      `SELECT count(DISTINCT lower(value))::int AS n FROM registration_codes WHERE session_id = $1 AND purpose = 'verify' AND lower(value) <> lower($2)`,
      [sess.row.id, value],
    );
    if ((pending?.n ?? 0) >= maxPendingDestinations)
      throw problem(429, 'throttled', { retryAfter: Math.ceil(sessionLifetimeMs / 1000) });
    const sent = await this.sendCode(sess, 'verify', body.id, channel, value, c);
    return { pendingId: sent.id, expiresAt: sent.expiresAt, codeLength: sent.codeLength };
  }

  /** Confirms new contact data with its code, notifying every channel that was on file before. */
  async verifyMethod(
    sess: Session,
    body: { pendingId: string; code: string },
    ifMatch: number | undefined,
    c: Caller,
  ) {
    this.requireChange(sess);
    // A stale If-Match is refused before the code is checked, so the conflict does not burn the user's code.
    if (ifMatch !== undefined && (await loadState(this.s.db, sess.user.id)).version !== ifMatch)
      throw problem(409, 'registration_changed');
    const row = await this.checkCode(sess, 'verify', { id: body.pendingId }, body.code, c);
    const id = row.method as ContactMethodId;
    const now = this.s.clock.now();
    const before = await loadAuthData(this.s.db, sess.user.id);
    const usable = sess.row.had_methods ? new Date(now + quarantineMs) : null;
    await this.write(sess, ifMatch, async (q) => {
      await q.query(
        `INSERT INTO contact_methods (user_id, method, source, value, verified_at, usable_for_reset_at, updated_at)
         VALUES ($1, $2, 'user', $3, $4, $5, $4)
         ON CONFLICT (user_id, method, source) DO UPDATE SET value = $3, verified_at = $4, usable_for_reset_at = $5, updated_at = $4`,
        [sess.user.id, id, row.value, new Date(now), usable],
      );
      await this.changed(q, sess, before, 'method_registered', id, mask(id, row.value), c);
    });
    return {
      method: {
        id,
        type: methods[id].type,
        hint: mask(id, row.value),
        verifiedAt: iso(now),
        source: 'user' as const,
        usableForResetAt: usable?.toISOString() ?? null,
      },
    };
  }

  async deleteMethod(sess: Session, id: string, ifMatch: number | undefined, c: Caller): Promise<void> {
    if (!(methodIds as readonly string[]).includes(id)) throw problem(404, 'not_found');
    this.requireChange(sess);
    const before = await loadAuthData(this.s.db, sess.user.id);
    await this.write(sess, ifMatch, async (q) => {
      if (id === 'questions') {
        const gone = await q.query('DELETE FROM security_answers WHERE user_id = $1 RETURNING question_id', [
          sess.user.id,
        ]);
        if (!gone.length) throw problem(404, 'not_found');
      } else {
        // Users remove only what they registered; admin and directory data change through the admin API.
        const gone = await q.query(
          `DELETE FROM contact_methods WHERE user_id = $1 AND method = $2 AND source = 'user' RETURNING value`,
          [sess.user.id, id],
        );
        if (!gone.length)
          throw problem(
            before.contacts[id as ContactMethodId] ? 403 : 404,
            before.contacts[id as ContactMethodId] ? 'forbidden' : 'not_found',
          );
      }
      await this.changed(q, sess, before, 'method_removed', id, '', c);
    });
  }

  /** Registers the policy's number of questions: distinct, 3–40 characters, not the user's names; stored hashed. */
  async putQuestions(
    sess: Session,
    answers: { questionId: string; answer: string }[],
    ifMatch: number | undefined,
    c: Caller,
  ) {
    const p = sess.policy;
    if (!p.methods.questions.enabled)
      throw problem(400, 'validation_failed', { field: 'answers', detail: 'questions are not enabled' });
    // Adding questions is adding a method: the same step-up rule as contact data.
    this.requireChange(sess);
    const before = await loadAuthData(this.s.db, sess.user.id);
    const catalog = new Set(questionCatalog(p, 'en').map((x) => x.id));
    const need = p.methods.questions.toRegister;
    if (answers.length !== need)
      throw problem(422, 'validation_failed', {
        field: 'answers',
        detail: `answer exactly ${need} questions`,
      });
    const names = [
      sess.user.username,
      sess.user.givenName,
      sess.user.familyName,
      sess.user.email?.split('@')[0],
    ]
      .filter((x): x is string => Boolean(x && x.length >= 3))
      .map(normalizeAnswer);
    const seenQ = new Set<string>();
    const seenA = new Set<string>();
    const normalized = answers.map((a, i) => {
      const field = `answers.${i}`;
      const answer = normalizeAnswer(a.answer);
      if (!catalog.has(a.questionId))
        throw problem(422, 'validation_failed', {
          field: `${field}.questionId`,
          detail: 'not in the catalog',
        });
      if (seenQ.has(a.questionId))
        throw problem(422, 'validation_failed', { field: `${field}.questionId`, detail: 'asked twice' });
      if ([...answer].length < 3 || [...answer].length > 40)
        throw problem(422, 'validation_failed', {
          field: `${field}.answer`,
          detail: 'answers have 3 to 40 characters',
        });
      if (seenA.has(answer))
        throw problem(422, 'validation_failed', { field: `${field}.answer`, detail: 'answers must differ' });
      if (names.some((n) => answer === n || answer.includes(n)))
        throw problem(422, 'validation_failed', {
          field: `${field}.answer`,
          detail: 'must not contain your name or username',
        });
      seenQ.add(a.questionId);
      seenA.add(answer);
      return { id: a.questionId, answer };
    });
    // SECURITY.md R7: an answer must not be the password (checked against the directory, ticket sessions too).
    for (const [i, a] of answers.entries())
      if (await this.s.directory.verifyPassword(sess.user.id, a.answer.trim()).catch(() => false))
        throw problem(422, 'validation_failed', {
          field: `answers.${i}.answer`,
          detail: 'must not be your password',
        });
    const hashed = await Promise.all(
      normalized.map(async (a) => ({ id: a.id, hash: await hashSecret(this.s.keys, a.answer) })),
    );
    const now = new Date(this.s.clock.now());
    const usable = sess.row.had_methods ? new Date(now.getTime() + quarantineMs) : null;
    await this.write(sess, ifMatch, async (q) => {
      await q.query('DELETE FROM security_answers WHERE user_id = $1', [sess.user.id]);
      for (const h of hashed)
        await q.query(
          'INSERT INTO security_answers (user_id, question_id, answer_hash, created_at, usable_for_reset_at) VALUES ($1, $2, $3, $4, $5)',
          [sess.user.id, h.id, h.hash, now, usable],
        );
      await q.query('DELETE FROM question_draws WHERE subject = $1', [`u:${sess.user.id}`]);
      await this.changed(q, sess, before, 'questions_registered', 'questions', '', c);
    });
    return { questions: { registered: need, required: need } };
  }

  async confirm(sess: Session, ifMatch: number | undefined, c: Caller) {
    await this.write(sess, ifMatch, async (q) => {
      await q.query(
        'UPDATE registration_state SET confirmed_at = $2, snoozed_until = NULL WHERE user_id = $1',
        [sess.user.id, new Date(this.s.clock.now())],
      );
      await this.event(q, c, sess.user.id, 'registration_confirmed');
    });
    return { status: await statusOf(this.s.db, sess.policy, sess.user, this.s.clock.now()) };
  }

  async snooze(sess: Session, ifMatch: number | undefined, c: Caller) {
    const p = sess.policy;
    const now = this.s.clock.now();
    await this.write(sess, ifMatch, async (q) => {
      const status = computeStatus(
        p,
        sess.user,
        await loadAuthData(q, sess.user.id),
        await loadState(q, sess.user.id),
        now,
      );
      if (status.snoozesLeft === 0 || status.prompt === 'required') throw problem(409, 'snooze_exhausted');
      await q.query(
        'UPDATE registration_state SET snoozes_used = snoozes_used + 1, snoozed_until = $2 WHERE user_id = $1',
        [sess.user.id, new Date(now + p.registration.snoozeDays * 86_400_000)],
      );
      await this.event(q, c, sess.user.id, 'registration_snoozed');
    });
    return { status: await statusOf(this.s.db, p, sess.user, now) };
  }

  /** After any change: audit, close open reset flows, and tell every channel that was on file before. */
  private async changed(
    q: Queryable,
    sess: Session,
    before: Awaited<ReturnType<typeof loadAuthData>>,
    detail: AuditDetail,
    method: string,
    masked: string,
    c: Caller,
  ) {
    const now = this.s.clock.now();
    await this.event(q, c, sess.user.id, detail, method);
    await q.query(
      `UPDATE flows SET state = 'closed', finished_at = $2 WHERE user_id = $1 AND state IN ('started', 'gates_passed')`,
      [sess.user.id, new Date(now)],
    );
    const p = sess.policy;
    // The template knows added/changed/removed and shows the new value (already masked) as `contact`.
    const had =
      method === 'questions'
        ? before.questionIds.length > 0
        : Boolean(before.contacts[method as ContactMethodId]);
    const change = detail === 'method_removed' ? 'removed' : had ? 'changed' : 'added';
    const vars = { org: p.organization.name, method, change, ...(masked ? { contact: masked } : {}) };
    const message = { kind: 'contact_changed' as const, locale: c.locale, expiresAt: now + 24 * hour, vars };
    // What was on file before the change hears of it: a thief's new address is no way to hide the change.
    await tellEveryChannel(this.s, q, p, { contacts: before.contacts, email: sess.user.email }, message);
  }

  private async sendCode(
    sess: Session,
    purpose: 'step_up' | 'verify',
    method: ContactMethodId,
    channel: Channel,
    value: string,
    c: Caller,
  ) {
    const sent = await issueCode(this.s, {
      table: 'registration_codes',
      slot: { session_id: sess.row.id, purpose },
      columns: { value },
      method,
      channel,
      bind: (id) => `${id}|${purpose}|${method}`,
      policy: sess.policy,
      subject: `u:${sess.user.id}`,
      to: value,
      destKey: value,
      message: { kind: 'verify_code', locale: c.locale },
      audit: (q) => this.event(q, c, sess.user.id, 'code_sent', method, { purpose, channel }),
    });
    return { ...sent, expiresAt: iso(sent.expiresAt) };
  }

  /**
   * Checks a session code (see `checkCode`): the checks of one session take turns under a lock on its row, so a
   * right code that finds its code already used (a double submit) is `409 registration_changed` and spends nothing;
   * a code that matches nothing always counts, an unknown pending id included.
   */
  private async checkCode(
    sess: Session,
    purpose: 'step_up' | 'verify',
    which: { method: string } | { id: string },
    code: string,
    c: Caller,
  ) {
    const subject = `u:${sess.user.id}`;
    const out = await checkCode(this.s, {
      table: 'registration_codes',
      where:
        'method' in which
          ? { session_id: sess.row.id, purpose, method: which.method }
          : { session_id: sess.row.id, purpose, 'id::text': which.id },
      bind: (row: StoredCode & { value: string }) => `${row.id}|${purpose}|${row.method}`,
      code,
      policy: sess.policy,
      ipKey: c.ipKey,
      subject,
      failKey: (row) => `regfail:${subject}:${row?.method ?? ('method' in which ? which.method : 'pending')}`,
      lock: async (q) => {
        await q.query('SELECT id FROM registration_sessions WHERE id = $1 FOR UPDATE', [sess.row.id]);
        return 'open';
      },
      failed: (q, attemptsLeft, detail, row) =>
        this.event(
          q,
          c,
          sess.user.id,
          attemptsLeft ? detail : 'method_blocked',
          row?.method ?? ('method' in which ? which.method : undefined),
          { purpose },
          attemptsLeft ? 'failed' : 'blocked',
        ),
      pass: async (_q, row) => row,
    });
    if (out.verdict === 'used') throw problem(409, 'registration_changed');
    if (out.verdict !== 'ok') failedCheck(out);
    return out.value;
  }
}

/** Mints a single-use, five-minute ticket for a user, for a login backend holding a `tickets` API key. */
export async function mintTicket(s: Services, username: string, actor: string) {
  const p = await s.policies.get();
  const user = await s.directory.findUser(canonicalUsername(username, p.organization.domains));
  if (!user || user.disabled) throw problem(404, 'not_found');
  const ticket = newToken();
  const now = s.clock.now();
  await s.db.tx(async (q) => {
    await q.query(
      'INSERT INTO tickets (id, token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [randomUUID(), hashToken(ticket), user.id, new Date(now), new Date(now + ticketLifetimeMs)],
    );
    await audit(q, {
      at: now,
      kind: 'registration',
      result: 'succeeded',
      detail: 'ticket_issued',
      actor,
      userId: user.id,
    });
  });
  return { ticket, expiresAt: iso(now + ticketLifetimeMs), status: await statusOf(s.db, p, user, now) };
}
