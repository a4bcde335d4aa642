// The password.changed webhook end to end: a reset over the HTTP API queues it, the worker delivers it signed, once, and retries a 500.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../server/webhooks/signing.ts';
import { webhookBackoffMs } from '../../../server/webhooks/worker.ts';
import {
  codeFor,
  latestMessageId,
  startReset,
  startService,
  type TestService,
} from '../../helpers/service.ts';
import { type ReceivedRequest, startReceiver, type TestReceiver } from './receiver.ts';

const secret = 'idp-hook-secret-0123456789abcdef';
const otherSecret = 'other-hook-secret-0123456789abcdef';

let t: TestService;
let idp: TestReceiver;
let other: TestReceiver;
beforeAll(async () => {
  idp = await startReceiver({ status: 204 });
  other = await startReceiver({ status: 200 });
  t = await startService('pglite', {
    config: {
      webhooks: [
        { url: `${idp.url}/hooks/regain`, secret, events: ['password.changed'] },
        { url: `${other.url}/audit`, secret: otherSecret },
      ],
    },
  });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
  await other?.close();
});
beforeEach(() => {
  idp.requests.length = 0;
  other.requests.length = 0;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await t.rt.webhookWorker.drain();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function verifies(r: ReceivedRequest, key: string): boolean {
  return verifyWebhookSignature(
    key,
    r.headers['regain-timestamp'] as string | undefined,
    r.body,
    r.headers['regain-signature'] as string | undefined,
    t.clock.now(),
  );
}

async function resetAlice(password: string): Promise<void> {
  const start = await startReset(t, 'alice');
  expect(start.status).toBe(201);
  const token = start.body.token;
  const before = await latestMessageId(t, 'alice@personal.example');
  expect((await t.api.post('/v1/reset/challenge', { method: 'alternateEmail' }, { token })).status).toBe(202);
  const code = await codeFor(t, 'alice@personal.example', before);
  expect((await t.api.post('/v1/reset/verify', { method: 'alternateEmail', code }, { token })).status).toBe(
    200,
  );
  const set = await t.api.post('/v1/reset/password', { password }, { token });
  expect(set.status).toBe(200);
}

describe('password.changed webhook', () => {
  it('arrives once per endpoint after a reset, signed, with {id, event, user, at, reason}', async () => {
    const at = new Date(t.clock.now()).toISOString();
    await resetAlice('Quartz-Meadow-8812');
    await until(() => idp.requests.length >= 1 && other.requests.length >= 1, 'both deliveries');
    // Further passes send nothing more.
    t.clock.advance(3_600_000);
    await t.rt.webhookWorker.drain();
    expect(idp.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(1);
    const r = idp.requests[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/hooks/regain');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['regain-event']).toBe('password.changed');
    expect(r.headers['regain-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    const body = JSON.parse(r.body) as Record<string, unknown>;
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      event: 'password.changed',
      user: 'alice',
      at,
      reason: 'reset',
    });
    // Both endpoints get the same event (one id to deduplicate on), each signed with its own secret.
    expect(JSON.parse(other.requests[0]!.body)).toEqual(body);
    t.clock.advance(-3_600_000);
    expect(verifies(r, secret)).toBe(true);
    expect(verifies(other.requests[0]!, otherSecret)).toBe(true);
    expect(verifies(other.requests[0]!, secret)).toBe(false);
  });

  it('is retried with backoff after a 500 from the receiver, same id, freshly signed', async () => {
    idp.script.push({ status: 500, body: 'down' });
    const change = await t.api.post('/v1/password/change', {
      username: 'alice',
      currentPassword: 'Quartz-Meadow-8812',
      newPassword: 'Lantern-Orchid-5150',
    });
    expect(change.status).toBe(200);
    await until(() => idp.requests.length >= 1 && other.requests.length >= 1, 'the first attempts');
    const eventId = (JSON.parse(idp.requests[0]!.body) as { id: string }).id;
    const [row] = await t.db.query<{ status: string; attempts: number; last_error: string }>(
      `SELECT status, attempts, last_error FROM webhook_outbox WHERE url = $1 AND event_id = $2`,
      [`${idp.url}/hooks/regain`, eventId],
    );
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.last_error).toMatch(/500/);
    // Not before its time.
    await t.rt.webhookWorker.drain();
    expect(idp.requests).toHaveLength(1);
    t.clock.advance(webhookBackoffMs(1));
    await until(() => idp.requests.length >= 2, 'the retry');
    const [first, second] = idp.requests;
    const a = JSON.parse(first!.body) as { id: string; reason: string };
    expect(a.reason).toBe('change');
    expect(JSON.parse(second!.body)).toEqual(a);
    expect(Number(second!.headers['regain-timestamp'])).toBeGreaterThan(
      Number(first!.headers['regain-timestamp']),
    );
    expect(verifies(second!, secret)).toBe(true);
    expect(other.requests).toHaveLength(1);
    const [done] = await t.db.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM webhook_outbox WHERE url = $1 AND event_id = $2`,
      [`${idp.url}/hooks/regain`, eventId],
    );
    expect(done).toEqual({ status: 'sent', attempts: 2 });
  });
});
