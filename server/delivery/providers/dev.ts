// The dev provider: keeps the last messages in memory for `GET /v1/dev/outbox` (only with --dev).
import type { DeliveryProvider, RenderedMessage } from '../provider.ts';
import type { Channel } from '../types.ts';

/** One delivered message, in the shape `GET /v1/dev/outbox` answers with. */
export interface DevMessage {
  id: string;
  channel: Channel;
  to: string;
  subject?: string;
  text: string;
  code?: string;
  /** ISO 8601 */
  createdAt: string;
}

export class DevProvider implements DeliveryProvider {
  readonly name = 'dev';
  private messages: DevMessage[] = [];

  /** Keeps at most `limit` messages (the newest), so a long dev session cannot grow memory without end. */
  constructor(private readonly limit = 1000) {}

  async send(m: RenderedMessage): Promise<void> {
    const kept: DevMessage = {
      id: m.id,
      channel: m.channel,
      to: m.to,
      ...(m.subject === undefined ? {} : { subject: m.subject }),
      text: m.text,
      ...(m.code === undefined ? {} : { code: m.code }),
      createdAt: new Date(m.createdAt).toISOString(),
    };
    this.messages.push(kept);
    if (this.messages.length > this.limit) this.messages.splice(0, this.messages.length - this.limit);
  }

  /**
   * Delivered messages, newest first; with `to`, only those sent there. Email addresses match
   * case-insensitively, phone numbers exactly as E.164.
   */
  list(to?: string): DevMessage[] {
    const want = to === undefined ? undefined : normalizeDestination(to);
    const out: DevMessage[] = [];
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (want === undefined || normalizeDestination(m.to) === want) out.push({ ...m });
    }
    return out;
  }

  /** Forgets every message (between tests). */
  clear(): void {
    this.messages = [];
  }
}

function normalizeDestination(to: string): string {
  const t = to.trim();
  if (t.includes('@')) return t.toLowerCase();
  // An unencoded `+` in `?to=+1425…` arrives as a space and is trimmed away; put it back for E.164.
  const compact = t.replace(/\s+/g, '');
  return /^\d+$/.test(compact) ? `+${compact}` : compact;
}
