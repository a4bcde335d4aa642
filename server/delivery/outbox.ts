// The outbox: messages queued inside the caller's transaction, their bodies sealed, for the worker to send.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../security/keyring.ts';
import type { Queryable } from '../store/db.ts';
import { seal } from './seal.ts';
import { render } from './templates.ts';
import { type Channel, channels, codeKinds, type MessageKind, messageKinds } from './types.ts';

export type { Channel, MessageKind } from './types.ts';

export interface OutgoingMessage {
  kind: MessageKind;
  channel: Channel;
  /** An email address, or an E.164 number for sms and voice. */
  to: string;
  /** A BCP 47 tag or Accept-Language value; negotiated when the message is rendered. */
  locale: string;
  /** Template vars; `org` is required. Only the vars a kind names are ever rendered. */
  vars: Record<string, string | number>;
  /** The one-time code for reset_code and verify_code; sealed, never stored or logged in clear. */
  code?: string;
  /** Epoch ms after which the message is not sent at all; codes die with it. */
  expiresAt: number;
}

/** What the sealed column holds. The destination stays in clear beside it, like the contact data it came from. */
export const sealedBodySchema = z.strictObject({
  v: z.literal(1),
  vars: z.record(z.string(), z.union([z.string(), z.number()])),
  code: z.string().optional(),
});
export type SealedBody = z.infer<typeof sealedBodySchema>;

/** Associated data binding a sealed body to its row, so a body moved onto another row does not open. */
export function sealContext(id: string): string {
  return `outbox:${id}`;
}

/**
 * Inserts a sealed row inside the caller's transaction (q), available now (clock); returns its id.
 * The message is rendered once here, so a missing var or code fails the caller's transaction rather than
 * the delivery later. Call the worker's kick() after the transaction committed.
 */
export async function enqueue(
  q: Queryable,
  keys: Keyring,
  clock: Clock,
  msg: OutgoingMessage,
): Promise<string> {
  const now = clock.now();
  if (!messageKinds.includes(msg.kind)) throw new TypeError(`unknown message kind ${String(msg.kind)}`);
  if (!channels.includes(msg.channel)) throw new TypeError(`unknown channel ${String(msg.channel)}`);
  const to = msg.to.trim();
  if (!to) throw new TypeError('a message needs a destination');
  if (!Number.isFinite(msg.expiresAt) || msg.expiresAt <= now)
    throw new RangeError('a message must expire in the future');
  const isCode = codeKinds.has(msg.kind);
  if (isCode && !msg.code) throw new TypeError(`${msg.kind} needs a code`);
  render({
    kind: msg.kind,
    channel: msg.channel,
    locale: msg.locale,
    vars: msg.vars,
    code: msg.code,
    minutes: (msg.expiresAt - now) / 60_000,
  });
  const id = randomUUID();
  const body: SealedBody = { v: 1, vars: msg.vars, ...(isCode ? { code: msg.code } : {}) };
  const { kid, sealed } = seal(keys, body, sealContext(id));
  await q.query(
    `INSERT INTO outbox (id, kind, channel, destination, sealed, kid, locale, status, attempts, available_at, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9, $8)`,
    [
      id,
      msg.kind,
      msg.channel,
      to,
      sealed,
      kid,
      msg.locale.slice(0, 200),
      new Date(now),
      new Date(msg.expiresAt),
    ],
  );
  return id;
}
