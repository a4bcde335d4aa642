// The dev provider: newest first, bounded, destination matching as GET /v1/dev/outbox needs it.
import { describe, expect, it } from 'vitest';
import type { RenderedMessage } from '../../../server/delivery/provider.ts';
import { DevProvider } from '../../../server/delivery/providers/dev.ts';

const msg = (id: string, to: string, extra: Partial<RenderedMessage> = {}): RenderedMessage => ({
  id,
  channel: to.includes('@') ? 'email' : 'sms',
  to,
  text: `text ${id}`,
  createdAt: Date.UTC(2026, 0, 1),
  ...extra,
});

describe('DevProvider', () => {
  it('lists newest first in the API shape', async () => {
    const dev = new DevProvider();
    await dev.send(msg('1', 'Alice@Contoso.com', { subject: 'S', code: '12345678', channel: 'email' }));
    await dev.send(msg('2', '+14255550100', { code: '123456' }));
    expect(dev.list()).toEqual([
      {
        id: '2',
        channel: 'sms',
        to: '+14255550100',
        text: 'text 2',
        code: '123456',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      {
        id: '1',
        channel: 'email',
        to: 'Alice@Contoso.com',
        subject: 'S',
        text: 'text 1',
        code: '12345678',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect(Object.keys(dev.list()[0]!)).not.toContain('subject');
  });

  it('matches emails case-insensitively and phone numbers exactly', async () => {
    const dev = new DevProvider();
    await dev.send(msg('1', 'Alice@Contoso.com'));
    await dev.send(msg('2', '+14255550100'));
    await dev.send(msg('3', '+14255550101'));
    expect(dev.list('alice@contoso.COM').map((m) => m.id)).toEqual(['1']);
    expect(dev.list('+14255550100').map((m) => m.id)).toEqual(['2']);
    // `?to=+1425…` decoded as a space before the digits.
    expect(dev.list(' 14255550100').map((m) => m.id)).toEqual(['2']);
    expect(dev.list('+1425555010').map((m) => m.id)).toEqual([]);
    expect(dev.list('nobody@contoso.com')).toEqual([]);
  });

  it('keeps only the last messages', async () => {
    const dev = new DevProvider(1000);
    for (let i = 0; i < 1005; i++) await dev.send(msg(String(i), 'a@b.example'));
    const all = dev.list();
    expect(all).toHaveLength(1000);
    expect(all[0]!.id).toBe('1004');
    expect(all.at(-1)!.id).toBe('5');
    dev.clear();
    expect(dev.list()).toEqual([]);
  });

  it('hands out copies', async () => {
    const dev = new DevProvider();
    await dev.send(msg('1', 'a@b.example'));
    dev.list()[0]!.text = 'changed';
    expect(dev.list()[0]!.text).toBe('text 1');
  });
});
