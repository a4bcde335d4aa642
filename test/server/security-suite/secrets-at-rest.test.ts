// Secrets at rest (SECURITY.md C21, R11): after a full reset no code, token, password or answer is in any table or log line.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAnswers, demoUsers } from '../../../server/seed-demo.ts';
import { setPolicy, startReset, startService, type TestService } from '../../helpers/service.ts';
import { challengeCode, containsDigits, dumpDatabase, type VerifyBody } from './support.ts';

describe('secrets at rest', () => {
  let t: TestService;
  const lines: string[] = [];

  beforeAll(async () => {
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    t = await startService('pglite', { log });
    // Two gates, so the questions gate (and its answers) is part of the reset.
    await setPolicy(t, { reset: { gatesRequired: 2 } });
  });
  afterAll(async () => t?.close());

  it('stores and logs no delivered code, flow token, new password or security answer in clear', async () => {
    const start = await startReset(t, 'alice');
    expect(start.status).toBe(201);
    const token = start.body.token;
    const newPassword = 'Saffron-Glacier-4419';

    // Gate 1: the email code. Then an SMS code that is delivered but never used. Gate 2: the questions.
    const emailCode = await challengeCode(t, token, { method: 'alternateEmail' }, 'alice@personal.example');
    const gate1 = await t.api.post<VerifyBody>(
      '/v1/reset/verify',
      { method: 'alternateEmail', code: emailCode },
      { token },
    );
    expect(gate1.body).toMatchObject({ gatesPassed: 1, next: 'verify' });
    const smsCode = await challengeCode(
      t,
      token,
      { method: 'mobilePhone', channel: 'sms', proof: '+14255550100' },
      '+14255550100',
    );
    const drawn = await t.api.post<{ questions: { id: string }[] }>(
      '/v1/reset/challenge',
      { method: 'questions' },
      { token },
    );
    expect(drawn.status).toBe(200);
    const answers = drawn.body.questions.map((q) => ({
      id: q.id,
      answer: demoAnswers[q.id as keyof typeof demoAnswers],
    }));
    const gate2 = await t.api.post<VerifyBody>(
      '/v1/reset/verify',
      { method: 'questions', answers },
      { token },
    );
    expect(gate2.status, gate2.text).toBe(200);
    expect(gate2.body.next).toBe('password');
    const set = await t.api.post('/v1/reset/password', { password: newPassword }, { token });
    expect(set.status, set.text).toBe(200);
    await t.rt.worker.drain();

    const dump = await dumpDatabase(t);
    const log = lines.join('');
    // The dump and the log capture are real: they hold alice's contact data and the worker's sends.
    expect(dump).toContain('alice@personal.example');
    expect(log).toContain('message sent');

    for (const [where, text] of [
      ['database', dump],
      ['logs', log],
    ] as const) {
      for (const code of [emailCode, smsCode])
        expect(containsDigits(text, code), `${where}: code ${code}`).toBe(false);
      expect(text.includes(token), `${where}: flow token`).toBe(false);
      for (const password of [newPassword, demoUsers.alice])
        expect(text.toLowerCase().includes(password.toLowerCase()), `${where}: password`).toBe(false);
      for (const answer of Object.values(demoAnswers))
        expect(text.toLowerCase().includes(answer.toLowerCase()), `${where}: answer ${answer}`).toBe(false);
    }
  });

  it('keeps an unknown username typed at reset only as an HMAC in the audit', async () => {
    const typed = 'Hunter2-typed-as-username';
    const first = await startReset(t, typed);
    expect(first.status).toBe(201);
    const again = await startReset(t, typed.toUpperCase());
    expect(again.status).toBe(201);

    const dump = await dumpDatabase(t);
    expect(dump.toLowerCase()).not.toContain(typed.toLowerCase());
    expect(dump.toLowerCase()).not.toContain('hunter2');
    expect(lines.join('').toLowerCase()).not.toContain('hunter2');

    const rows = await t.db.query<{ user_id: string | null; subject_hmac: string | null; result: string }>(
      `SELECT user_id, subject_hmac, result FROM audit WHERE kind = 'reset' AND detail = 'unknown_user' ORDER BY id`,
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.user_id).toBeNull();
      expect(r.subject_hmac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    // The HMAC is of the canonical name, so reports can still group one typed name's attempts.
    expect(rows[0]?.subject_hmac).toBe(rows[1]?.subject_hmac);
  });
});
