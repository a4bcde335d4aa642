// The reset flow as a state machine over the store: start, challenge, verify, set password, unlock, cancel.

import { randomInt, randomUUID } from 'node:crypto';
import { type Channel, channelFor } from '../../api/methods.ts';
import type { MethodId, Policy } from '../../api/policy.ts';
import type { ResetMethod, StartResetAnswer, VerifyAnswer } from '../../api/reset.ts';
import {
  type AuditDetail,
  type AuditEventInput,
  type AuditResult,
  audit,
  auditInsert,
} from '../audit/audit.ts';
import { canonicalUsername } from '../directory/canonical.ts';
import { DirectoryRejectedError, type DirectoryUser } from '../directory/directory.ts';
import {
  type AuthData,
  decoyReason,
  gatesNeeded,
  loadAuthData,
  resetMethodIds,
} from '../policy/auth-data.ts';
import { countryOf, toE164 } from '../policy/phone.ts';
import { questionCatalog } from '../policy/questions.ts';
import { problem } from '../problem.ts';
import { burnVerify, verifySecret } from '../security/passwords.ts';
import { blockedFor, clearSubject, exhausted, refund, resetThrottles, take } from '../security/throttle.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import type { Caller, Services } from '../services.ts';
import type { Queryable } from '../store/db.ts';
import { afterPasswordChange } from './after-password-change.ts';
import { normalizeAnswer } from './answers.ts';
import {
  checkCode,
  countFailure,
  failedCheck,
  issueCode,
  methodFailKey,
  type StoredCode,
  takeVerification,
  used,
} from './codes.ts';
import { decoyMethods, realMethods } from './hints.ts';
import { admitStart } from './start-admission.ts';

const flowLifetimeMs = 15 * 60_000;
const hour = 3_600_000;

export interface FlowRow {
  id: string;
  kind: string;
  user_id: string | null;
  subject: string;
  decoy: boolean;
  state: 'started' | 'gates_passed' | 'writing' | 'done' | 'cancelled' | 'closed';
  gates_required: number;
  gates_needed: number;
  passed_methods: MethodId[];
  methods: ResetMethod[];
  locale: string;
  expires_at: Date;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What judging a gate found; `used` is a right answer that came after the gate was already passed. */
type Verdict =
  | { verdict: 'ok'; passed: MethodId[] }
  | { verdict: 'used'; passed: MethodId[] }
  | { verdict: 'bad' | 'expired'; attemptsLeft: number };

export class ResetFlows {
  constructor(private readonly s: Services) {}

  private async event(q: Queryable, ...e: Parameters<ResetFlows['eventOf']>): Promise<void> {
    await audit(q, this.eventOf(...e));
  }

  private eventOf(
    c: Caller,
    f: Pick<FlowRow, 'user_id' | 'subject'> | null,
    result: AuditResult,
    detail: AuditDetail,
    method?: string,
    data?: unknown,
  ): AuditEventInput {
    return {
      at: this.s.clock.now(),
      kind: 'reset',
      result,
      detail,
      // Decoys of known users (disabled, out of scope…) are still theirs in the audit; unknown names stay HMACs.
      userId: f?.subject.startsWith('u:') ? f.subject.slice(2) : null,
      subjectHmac: f?.subject.startsWith('h:') ? f.subject.slice(2) : null,
      ip: c.ip,
      userAgent: c.userAgent,
      method: method ?? null,
      data,
    };
  }

  /** Starts a flow; every username gets the same answer shape and the same work. */
  async start(
    input: { username: string; captcha: string; locale?: string | undefined },
    c: Caller,
  ): Promise<StartResetAnswer> {
    const { clock, db, directory, keys } = this.s;
    const p = await this.s.policies.get();
    if (p.reset.enabled === 'none') throw problem(403, 'reset_disabled');
    const now = clock.now();
    // Every start counts against the caller's address: a good one in the flow's transaction below (one commit for
    // the whole start); one from an address already over its limit, or with a bad solution, here on its own, so a
    // flood ends in 429 before the captcha, the directory or an audit write.
    const ipKey = `ipstart:${c.ipKey}`;
    const ipLimit = p.throttles.ipResetStartsPerHour;
    const countIp = async () => {
      const ip = await take(db, ipKey, null, ipLimit, hour, now);
      if (!ip.ok) throw problem(429, 'throttled', { retryAfter: ip.retryAfter });
    };
    if (await exhausted(db, ipKey, ipLimit, hour, now)) await countIp();
    // Checked before the directory is asked anything; its single use is claimed in the flow's transaction below.
    const solution = await this.s.captcha.check(input.captcha);
    if (!solution) {
      await countIp();
      await this.event(db, c, null, 'failed', 'captcha_failed');
      throw problem(400, 'captcha_invalid');
    }
    const canonical = canonicalUsername(input.username, p.organization.domains);
    const user = await directory.findUser(canonical).catch(() => {
      throw problem(503, 'directory_unavailable');
    });
    const nameHmac = keys.stableHmac('user', canonical);
    const subject = user ? `u:${user.id}` : `h:${nameHmac}`;
    const token = newToken();
    const locale = input.locale ?? c.locale;

    const out = await db.tx(async (q) => {
      const admitted = await admitStart(q, {
        ipKey,
        ipLimit,
        subject,
        startLimit: p.throttles.resetStartsPerHour,
        solution,
        now,
      });
      if (!admitted.ip.ok) return { ipThrottled: admitted.ip.retryAfter } as const;
      if (!admitted.claimed) {
        await this.event(q, c, null, 'failed', 'captcha_failed');
        return { captchaInvalid: true } as const;
      }
      const started = admitted.start!;
      const data = await loadAuthData(q, user?.id ?? null);
      const profiles = await this.s.decoys.sample(q);
      const ids = user ? resetMethodIds(p, user, data, now) : [];
      const reason = decoyReason(p, user, ids);
      const flowRef = { user_id: reason ? null : user!.id, subject };
      if (!started.ok) {
        await this.event(q, c, flowRef, 'blocked', 'reset_throttled');
        return { throttled: started.retryAfter } as const;
      }
      const methods = reason
        ? decoyMethods(p, keys, canonical, profiles, p.reset.gatesRequired)
        : realMethods(p, ids, data);
      const needed = reason ? p.reset.gatesRequired : gatesNeeded(p, user!);
      // A newer request supersedes the subject's open flows (OWASP: one live reset at a time). One statement does
      // that, the insert and the audit: the UPDATE sees the snapshot from before the INSERT, so never the new flow.
      const event = auditInsert(
        this.eventOf(
          c,
          { user_id: user?.id ?? null, subject },
          'succeeded',
          reason ?? 'reset_started',
          undefined,
          {
            decoy: Boolean(reason),
          },
        ),
        14,
      );
      await q.query(
        `WITH superseded AS (
           UPDATE flows SET state = 'closed', finished_at = $12 WHERE subject = $4 AND state IN ('started', 'gates_passed')
         ), flow AS (
           INSERT INTO flows (id, token_hash, kind, user_id, subject, decoy, state, gates_required, gates_needed, methods,
             locale, ip, user_agent, created_at, expires_at)
           VALUES ($1, $2, 'reset', $3, $4, $5, 'started', $6, $7, $8, $9, $10, $11, $12, $13)
         )
         ${event.sql}`,
        [
          randomUUID(),
          hashToken(token),
          flowRef.user_id,
          subject,
          Boolean(reason),
          p.reset.gatesRequired,
          needed,
          JSON.stringify(methods),
          locale,
          c.ip,
          c.userAgent,
          new Date(now),
          new Date(now + flowLifetimeMs),
          ...event.params,
        ],
      );
      return { methods } as const;
    });
    if ('ipThrottled' in out) throw problem(429, 'throttled', { retryAfter: out.ipThrottled });
    if ('captchaInvalid' in out) throw problem(400, 'captcha_invalid');
    if ('throttled' in out) throw problem(429, 'throttled', { retryAfter: out.throttled });
    return {
      token,
      expiresAt: iso(now + flowLifetimeMs),
      gatesRequired: p.reset.gatesRequired,
      gatesPassed: 0,
      methods: out.methods,
    };
  }

  /** Loads a live flow by its bearer token; expired, unknown and finished flows are all `flow_expired`. */
  async load(token: string | undefined): Promise<FlowRow> {
    if (!token) throw problem(401, 'flow_expired');
    const [f] = await this.s.db.query<FlowRow>(
      `SELECT id, kind, user_id, subject, decoy, state, gates_required, gates_needed, passed_methods, methods, locale, expires_at
       FROM flows WHERE token_hash = $1 AND kind = 'reset'`,
      [hashToken(token)],
    );
    if (!f || f.expires_at.getTime() <= this.s.clock.now() || ['cancelled', 'closed'].includes(f.state))
      throw problem(401, 'flow_expired');
    return f;
  }

  private offered(f: FlowRow, method: MethodId): ResetMethod {
    const m = f.methods.find((x) => x.id === method);
    if (!m || f.passed_methods.includes(method)) throw problem(400, 'validation_failed', { field: 'method' });
    return m;
  }

  private async user(f: FlowRow): Promise<{ user: DirectoryUser; data: AuthData } | null> {
    if (f.decoy || !f.user_id) {
      await loadAuthData(this.s.db, null);
      return null;
    }
    const user = await this.s.directory.getUser(f.user_id);
    if (!user) return null;
    return { user, data: await loadAuthData(this.s.db, user.id) };
  }

  /** Audits a counted failure: `failed`, or `blocked` when it was the last attempt. */
  private failureEvent(
    q: Queryable,
    c: Caller,
    f: FlowRow,
    method: MethodId,
    attemptsLeft: number,
    detail: 'code_expired' | 'code_invalid' | 'questions_failed' | 'proof_mismatch',
  ): Promise<void> {
    return this.event(
      q,
      c,
      f,
      attemptsLeft ? 'failed' : 'blocked',
      attemptsLeft ? detail : 'method_blocked',
      method,
    );
  }

  /** Sends a code (or draws questions) for one of the flow's methods. */
  async challenge(
    f: FlowRow,
    body: { method: MethodId; channel?: Channel | undefined; proof?: string | undefined },
    c: Caller,
  ) {
    const { clock, db } = this.s;
    if (f.state !== 'started') throw problem(409, 'flow_used');
    const p = await this.s.policies.get();
    const m = this.offered(f, body.method);
    const now = clock.now();
    const blocked = await blockedFor(db, methodFailKey(f.subject, body.method), now);
    if (blocked) throw problem(429, 'throttled', { retryAfter: blocked });
    const real = await this.user(f);

    if (body.method === 'questions') return this.drawQuestions(p, f, real, c);

    // A phone is offered on the channels the policy enables for it.
    const channel = channelFor(body.method, body.channel, m.channels);
    if (!channel) throw problem(400, 'validation_failed', { field: 'channel' });

    const destination = real?.data.contacts[body.method]?.value;
    if (m.type === 'phone') {
      // The full number proves the user knows it and stops strangers from spamming it; decoys never match.
      const typed = body.proof
        ? toE164(body.proof, destination ? countryOf(destination) : undefined)
        : undefined;
      if (!typed || typed !== destination) {
        const r = await db.tx(async (q) => {
          const t = await take(
            q,
            methodFailKey(f.subject, body.method),
            f.subject,
            p.throttles.failuresPerMethodPerHour,
            hour,
            now,
          );
          const attemptsLeft = t.ok
            ? await countFailure(q, p, methodFailKey(f.subject, body.method), f.subject, t.count, now)
            : 0;
          await this.event(q, c, f, t.ok ? 'failed' : 'blocked', 'proof_mismatch', body.method);
          return { ...t, attemptsLeft };
        });
        if (!r.ok) throw problem(429, 'throttled', { retryAfter: r.retryAfter });
        throw problem(400, 'proof_mismatch', { attemptsLeft: r.attemptsLeft });
      }
    }
    const gate = f.passed_methods.length + 1;
    const sent = await issueCode(this.s, {
      table: 'codes',
      slot: { flow_id: f.id },
      columns: { gate },
      method: body.method,
      channel,
      bind: () => codeInput(f.id, body.method, gate),
      policy: p,
      subject: f.subject,
      to: real ? destination : undefined,
      // Decoys pace and budget on a stand-in for their made-up destination, so both answer alike.
      destKey: destination ?? `${f.subject}:${body.method}`,
      message: { kind: 'reset_code', locale: f.locale },
      audit: (q) => this.event(q, c, f, 'succeeded', 'code_sent', body.method, { channel }),
    });
    return {
      status: 202 as const,
      body: {
        method: body.method,
        channel,
        expiresAt: iso(sent.expiresAt),
        codeLength: sent.codeLength,
        resendAfter: p.throttles.sendSpacingSeconds,
      },
    };
  }

  private async drawQuestions(p: Policy, f: FlowRow, real: { data: AuthData } | null, c: Caller) {
    const { db, clock, keys } = this.s;
    const catalog = questionCatalog(p, f.locale);
    const pool = real ? real.data.questionIds : catalog.map((x) => x.id);
    const ids = await db.tx(async (q) => {
      const [drawn] = await q.query<{ question_ids: string[] }>(
        'SELECT question_ids FROM question_draws WHERE subject = $1 FOR UPDATE',
        [f.subject],
      );
      if (drawn?.question_ids.every((id) => pool.includes(id))) return drawn.question_ids;
      // Decoys rank by a keyed hash so one name always sees the same questions, as a real user would.
      const rank = new Map(
        pool.map((id) => [
          id,
          real
            ? randomInt(2 ** 31)
            : Buffer.from(keys.stableHmac('questions', `${f.subject}|${id}`), 'base64url').readUInt32BE(0),
        ]),
      );
      const shuffled = [...pool].sort((a, b) => rank.get(a)! - rank.get(b)!);
      const pick = shuffled.slice(0, p.methods.questions.toReset);
      await q.query(
        `INSERT INTO question_draws (subject, question_ids, drawn_at) VALUES ($1, $2, $3)
         ON CONFLICT (subject) DO UPDATE SET question_ids = $2, drawn_at = $3`,
        [f.subject, JSON.stringify(pick), new Date(clock.now())],
      );
      await this.event(q, c, f, 'succeeded', 'questions_asked', 'questions');
      return pick;
    });
    const text = new Map(catalog.map((x) => [x.id, x.text]));
    return {
      status: 200 as const,
      body: { method: 'questions' as const, questions: ids.map((id) => ({ id, text: text.get(id) ?? id })) },
    };
  }

  /** Checks a code or the answers; passing the last gate moves the flow to `gates_passed`. */
  async verify(
    f: FlowRow,
    body: { method: MethodId; code?: string; answers?: { id: string; answer: string }[] },
    c: Caller,
  ): Promise<VerifyAnswer> {
    if (f.state !== 'started') throw problem(409, 'flow_used');
    const p = await this.s.policies.get();
    this.offered(f, body.method);
    const out =
      body.method === 'questions'
        ? await this.verifyAnswers(p, f, body.answers ?? [], c)
        : await this.verifyCode(p, f, body.method, body.code ?? '', c);
    if (out.verdict === 'used') throw problem(409, 'flow_used', this.progress(f, out.passed));
    if (out.verdict !== 'ok') failedCheck(out);
    const done = out.passed.length >= f.gates_needed;
    const user = done && f.user_id ? await this.s.directory.getUser(f.user_id) : null;
    return {
      ...this.progress(f, out.passed),
      methods: f.methods.filter((m) => !out.passed.includes(m.id)),
      unlockAvailable: Boolean(done && p.reset.unlockEnabled && user?.locked),
    };
  }

  /** Where a flow stands after its passed gates: told with a pass, and with a 409 to a right code that came late. */
  private progress(f: FlowRow, passed: MethodId[]) {
    return {
      gatesPassed: passed.length,
      gatesRequired: f.gates_required,
      next: passed.length >= f.gates_needed ? ('password' as const) : ('verify' as const),
    };
  }

  /**
   * Judges a code under a lock on the flow's row, so the checks of one flow take turns: a right code that finds its
   * code already used (a double submit, a parallel request) is a replay answered 409 that spends nothing; only a
   * code that matches nothing counts against the method (counted before it is judged, so parallel guesses from
   * several flows still can't exceed the limit), and the block follows at the limit.
   */
  private async verifyCode(
    p: Policy,
    f: FlowRow,
    method: MethodId,
    code: string,
    c: Caller,
  ): Promise<Verdict> {
    let passed = f.passed_methods;
    const out = await checkCode(this.s, {
      table: 'codes',
      where: { flow_id: f.id, method },
      // A decoy's codes never match: nothing was sent.
      bind: (row: StoredCode & { gate: number }) => (f.decoy ? '' : codeInput(f.id, method, row.gate)),
      code,
      policy: p,
      ipKey: c.ipKey,
      subject: f.subject,
      failKey: () => methodFailKey(f.subject, method),
      lock: async (q) => {
        const [flow] = await q.query<{ state: string; passed_methods: MethodId[] }>(
          'SELECT state, passed_methods FROM flows WHERE id = $1 FOR UPDATE',
          [f.id],
        );
        passed = flow?.passed_methods ?? [];
        // Too late: the flow moved on, or the method already passed (with this code).
        return flow?.state !== 'started' ? 'closed' : passed.includes(method) ? 'passed' : 'open';
      },
      failed: (q, attemptsLeft, detail) => this.failureEvent(q, c, f, method, attemptsLeft, detail),
      pass: (q) => this.passGate(q, f, method, c),
    });
    if (out.verdict === 'used') return { verdict: 'used', passed };
    return out.verdict === 'ok' ? { verdict: 'ok', passed: out.value } : out;
  }

  /** Records a passed gate in the open transaction: moves the flow on, audits. */
  private async passGate(
    q: Queryable,
    f: FlowRow,
    method: MethodId,
    c: Caller,
  ): Promise<MethodId[] | typeof used> {
    const [row] = await q.query<{ passed_methods: MethodId[] }>(
      `UPDATE flows SET passed_methods = passed_methods || $2::jsonb,
         state = CASE WHEN jsonb_array_length(passed_methods) + 1 >= gates_needed THEN 'gates_passed' ELSE 'started' END
       WHERE id = $1 AND state = 'started' AND NOT passed_methods ? $3 AND expires_at > $4
       RETURNING passed_methods`,
      [f.id, JSON.stringify([method]), method, new Date(this.s.clock.now())],
    );
    if (!row) return used;
    if (method === 'questions') await q.query('DELETE FROM question_draws WHERE subject = $1', [f.subject]);
    await this.event(q, c, f, 'succeeded', 'gate_passed', method, { gate: row.passed_methods.length });
    return row.passed_methods;
  }

  /**
   * Judges the answers to the drawn questions. The attempt is counted before the Argon2 work, outside any
   * transaction (the work is slow and PGlite runs one transaction at a time); the flow's update decides a race.
   */
  private async verifyAnswers(
    p: Policy,
    f: FlowRow,
    answers: { id: string; answer: string }[],
    c: Caller,
  ): Promise<Verdict> {
    const { db, clock } = this.s;
    await takeVerification(this.s, p, c.ipKey);
    const key = methodFailKey(f.subject, 'questions');
    const slot = await take(db, key, f.subject, p.throttles.failuresPerMethodPerHour, hour, clock.now());
    if (!slot.ok) throw problem(429, 'throttled', { retryAfter: slot.retryAfter });
    if ((await this.checkAnswers(f, answers)) === 'ok') {
      const passed = await db.tx(async (q) => {
        await refund(q, key);
        return this.passGate(q, f, 'questions', c);
      });
      return passed === used ? { verdict: 'used', passed: f.passed_methods } : { verdict: 'ok', passed };
    }
    return db.tx(async (q) => {
      const attemptsLeft = await countFailure(q, p, key, f.subject, slot.count, clock.now());
      await this.failureEvent(q, c, f, 'questions', attemptsLeft, 'questions_failed');
      return { verdict: 'bad', attemptsLeft };
    });
  }

  /** All drawn questions must be answered right; every answer costs one Argon2 verification, decoys included. */
  private async checkAnswers(f: FlowRow, answers: { id: string; answer: string }[]): Promise<'ok' | 'bad'> {
    const { db, keys } = this.s;
    const [drawn] = await db.query<{ question_ids: string[] }>(
      'SELECT question_ids FROM question_draws WHERE subject = $1',
      [f.subject],
    );
    const ids = drawn?.question_ids ?? [];
    const given = new Map(answers.map((a) => [a.id, normalizeAnswer(a.answer)]));
    const stored = new Map(
      (
        await db.query<{ question_id: string; answer_hash: string }>(
          'SELECT question_id, answer_hash FROM security_answers WHERE user_id = $1',
          [f.decoy || !f.user_id ? '00000000-0000-0000-0000-000000000000' : f.user_id],
        )
      ).map((r) => [r.question_id, r.answer_hash]),
    );
    let ok = ids.length > 0 && given.size === ids.length && !f.decoy;
    for (const id of ids) {
      const hash = stored.get(id);
      const answer = given.get(id) ?? '';
      if (hash) ok = (await verifySecret(keys, hash, answer)).ok && ok;
      else {
        await burnVerify(keys, answer);
        ok = false;
      }
    }
    return ok ? 'ok' : 'bad';
  }

  /** Sets the new password: `gates_passed` → `writing` → `done`, exactly one directory write per flow. */
  async setPassword(
    f: FlowRow,
    password: string,
    c: Caller,
  ): Promise<{ status: 'reset'; unlocked: boolean }> {
    const { db, clock, directory } = this.s;
    if (f.state === 'started') throw problem(403, 'gate_required');
    if (f.state !== 'gates_passed' || !f.user_id) throw problem(409, 'flow_used');
    const p = await this.s.policies.get();
    const user = await directory.getUser(f.user_id);
    if (!user) throw problem(409, 'flow_used');
    const verdict = await this.s.passwords.check(p, password, {
      user,
      ...(directory.keepsHistory ? { inHistory: (pw: string) => directory.inHistory(user.id, pw) } : {}),
    });
    if (!verdict.accepted) {
      await this.event(db, c, f, 'failed', 'password_rejected', undefined, {
        rules: verdict.violations.map((v) => v.rule),
      });
      throw problem(422, 'password_rejected', { violations: verdict.violations });
    }
    const [claimed] = await db.query(
      // writing_at dates the claim, so recovery can tell a crash-interrupted write (server/flows/recovery.ts).
      `UPDATE flows SET state = 'writing', writing_at = $2 WHERE id = $1 AND state = 'gates_passed' AND expires_at > $2 RETURNING id`,
      [f.id, new Date(clock.now())],
    );
    if (!claimed) throw problem(409, 'flow_used');
    try {
      // Azure unlocks on every reset; a locked user who resets is unlocked too.
      await directory.setPassword(user.id, password, { unlock: true });
    } catch (err) {
      await db.tx(async (q) => {
        await q.query(
          `UPDATE flows SET state = 'gates_passed', writing_at = NULL WHERE id = $1 AND state = 'writing'`,
          [f.id],
        );
        await this.event(
          q,
          c,
          f,
          'failed',
          err instanceof DirectoryRejectedError ? 'directory_rejected' : 'writeback_failed',
        );
      });
      if (err instanceof DirectoryRejectedError)
        throw problem(422, 'directory_rejected', { detail: err.reason });
      throw problem(503, 'directory_unavailable');
    }
    await db.tx(async (q) => {
      const [closed] = await q.query(
        `UPDATE flows SET state = 'done', finished_at = $2 WHERE id = $1 AND state = 'writing' RETURNING id`,
        [f.id, new Date(clock.now())],
      );
      // A write slower than recovery's grace period: recovery already closed the flow and told the user.
      if (!closed) return;
      await afterPasswordChange(this.s, q, p, user, 'reset', f.locale);
      await this.event(q, c, f, 'succeeded', 'password_reset', undefined, { unlocked: user.locked });
    });
    this.s.delivery.kick();
    return { status: 'reset', unlocked: user.locked };
  }

  /** Unlocks without a reset, when the policy allows it and the account is locked. */
  async unlock(f: FlowRow, c: Caller): Promise<{ status: 'unlocked' }> {
    const { db, clock, directory } = this.s;
    if (f.state === 'started') throw problem(403, 'gate_required');
    const p = await this.s.policies.get();
    const user = f.user_id && f.state === 'gates_passed' ? await directory.getUser(f.user_id) : null;
    if (!user?.locked || !p.reset.unlockEnabled) throw problem(409, 'unlock_not_applicable');
    const [claimed] = await db.query(
      `UPDATE flows SET state = 'writing' WHERE id = $1 AND state = 'gates_passed' RETURNING id`,
      [f.id],
    );
    if (!claimed) throw problem(409, 'flow_used');
    try {
      await directory.unlock(user.id);
    } catch {
      await db.query(`UPDATE flows SET state = 'gates_passed' WHERE id = $1 AND state = 'writing'`, [f.id]);
      throw problem(503, 'directory_unavailable');
    }
    await db.tx(async (q) => {
      await q.query(`UPDATE flows SET state = 'done', finished_at = $2 WHERE id = $1`, [
        f.id,
        new Date(clock.now()),
      ]);
      await clearSubject(q, f.subject, resetThrottles);
      await this.event(q, c, f, 'succeeded', 'account_unlocked');
    });
    return { status: 'unlocked' };
  }

  async cancel(f: FlowRow, c: Caller): Promise<void> {
    await this.s.db.tx(async (q) => {
      const [row] = await q.query(
        `UPDATE flows SET state = 'cancelled', finished_at = $2 WHERE id = $1 AND state IN ('started', 'gates_passed') RETURNING id`,
        [f.id, new Date(this.s.clock.now())],
      );
      if (row) await this.event(q, c, f, 'cancelled', 'flow_cancelled');
    });
  }
}

/** What a reset code's HMAC binds besides the code: it is good for one flow, method and gate only. */
function codeInput(flowId: string, method: string, gate: number): string {
  return `${flowId}|${method}|${gate}`;
}
