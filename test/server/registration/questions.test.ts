// Security answers at registration: the rules (count, length, duplicates, names, catalog), and none stored in clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../../server/flows/answers.ts';
import { verifySecret } from '../../../server/security/passwords.ts';
import { startService, type TestService } from '../../helpers/service.ts';
import { openSession, type ProblemBody, view } from './support.ts';

interface ConfigBody {
  registration: { questions: { toRegister: number; catalog: { id: string; text: string }[] } };
}

describe('security questions at registration', () => {
  let t: TestService;
  let token: string;
  let ids: string[];
  beforeAll(async () => {
    t = await startService('pglite');
    token = await openSession(t, 'carol');
    const config = (await t.api.get<ConfigBody>('/v1/config')).body;
    expect(config.registration.questions.toRegister).toBe(3);
    ids = config.registration.questions.catalog.map((q) => q.id);
  });
  afterAll(async () => t?.close());

  const put = (answers: { questionId: string | undefined; answer: string }[]) =>
    t.api.put<ProblemBody>('/v1/registration/questions', { answers }, { token });
  const valid = ['Zanzibar Quokka', 'Periwinkle Harbour', 'Mxyzptlk Academy'];
  const three = (answers: string[], questionIds: (string | undefined)[] = ids.slice(0, 3)) =>
    answers.map((answer, i) => ({ questionId: questionIds[i], answer }));

  it.each([
    ['fewer answers than toRegister', () => three(valid.slice(0, 2))],
    ['an answer under 3 characters', () => three(['Zanzibar Quokka', 'ab', 'Mxyzptlk Academy'])],
    ['an answer over 40 characters', () => three(['Zanzibar Quokka', 'x'.repeat(41), 'Mxyzptlk Academy'])],
    [
      'answers equal once normalized',
      () => three(['Zanzibar Quokka', '  zanzibar   QUOKKA ', 'Mxyzptlk Academy']),
    ],
    [
      'an answer holding the username',
      () => three(['Zanzibar Quokka', 'CAROLs old dog', 'Mxyzptlk Academy']),
    ],
    ['an answer holding the given name', () => three(['Zanzibar Quokka', 'aunt carol', 'Mxyzptlk Academy'])],
    ['an answer holding the family name', () => three(['Zanzibar Quokka', 'Smithfield', 'Mxyzptlk Academy'])],
    // SECURITY.md R7: answers must not be the password either.
    [
      'an answer equal to the current password',
      () => three(['Zanzibar Quokka', 'Violet-Anchor-19', 'Mxyzptlk Academy']),
    ],
    ['the same question twice', () => three(valid, [ids[0], ids[1], ids[0]])],
    ['a question outside the catalog', () => three(valid, [ids[0], ids[1], 'builtin.favorite-color'])],
    ['a custom question the policy does not have', () => three(valid, [ids[0], ids[1], 'custom.pet'])],
  ])('refuses %s with 422 and stores nothing', async (_name, answers) => {
    const res = await put(answers());
    expect(res.status, res.text).toBe(422);
    expect(res.body.code).toBe('validation_failed');
    expect((await view(t, token)).body.questions.registered).toBe(0);
  });

  it('accepts 3 to 40 characters, stores only Argon2id hashes of the normalized answers, no plaintext anywhere', async () => {
    const answers = ['Zanzibar Quokka', 'Mxyzptlk Academy Of Wonders And Stuff X40'.slice(0, 40), 'Oaq'];
    expect(answers[1]).toHaveLength(40);
    const res = await put(three(answers));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ questions: { registered: 3, required: 3 } });
    expect((await view(t, token)).body.questions).toEqual({ registered: 3, required: 3 });

    const rows = await t.db.query<{ question_id: string; answer_hash: string }>(
      `SELECT question_id, answer_hash FROM security_answers s JOIN users u ON u.id = s.user_id
       WHERE u.username = 'carol' ORDER BY question_id`,
    );
    expect(rows.map((r) => r.question_id)).toEqual(ids.slice(0, 3).sort());
    const keys = t.rt.services.keys;
    for (const [i, id] of ids.slice(0, 3).entries()) {
      const row = rows.find((r) => r.question_id === id);
      expect(row?.answer_hash).toMatch(/\$argon2id\$/);
      expect((await verifySecret(keys, row!.answer_hash, normalizeAnswer(answers[i]!))).ok).toBe(true);
    }

    const tables = await t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((r) => r.table_name)).toContain('security_answers');
    let dump = '';
    for (const { table_name } of tables) {
      const all = await t.db.query(`SELECT * FROM "${table_name.replace(/"/g, '""')}"`);
      dump += `${table_name}\n${JSON.stringify(all)}\n`;
    }
    const lower = dump.toLowerCase();
    // Long, unusual words only: three letters could turn up by chance inside a hash or a token.
    for (const a of [answers[0]!, answers[1]!, 'Zanzibar', 'Mxyzptlk'])
      expect(lower, `"${a}" found in the database`).not.toContain(normalizeAnswer(a));
  });
});
