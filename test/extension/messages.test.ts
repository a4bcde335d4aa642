// Message acceptance: DESIGN.md's sender rules and shape checks; anything else is ignored.
import { describe, expect, it } from 'vitest';
import {
  acceptMessage,
  parseBackgroundMessage,
  type SenderLike,
  type SenderRules,
} from '../../extension/lib/messages.ts';

const ID = 'oaecbbcooidcgchpnoepbldibehgncem';
const rules: SenderRules = {
  extensionId: ID,
  extensionUrl: `chrome-extension://${ID}/`,
  isSignInPage: (url) => url.startsWith('https://login.contoso.com/'),
};
const content: SenderLike = { id: ID, url: 'https://login.contoso.com/signin', tab: { id: 7 }, frameId: 0 };
const page: SenderLike = {
  id: ID,
  url: `chrome-extension://${ID}/extension/pages/flow.html`,
  tab: { id: 9 },
};
const nonce = 'abcdefghijklmnopqrstuvwxyz012345';

describe('acceptMessage', () => {
  it('accepts well-formed content messages from a tab on a configured sign-in page', () => {
    expect(acceptMessage({ type: 'content:help', username: 'alice' }, content, rules)).toEqual({
      from: 'content',
      msg: { type: 'content:help', username: 'alice' },
      tabId: 7,
      frameId: 0,
      url: content.url,
    });
    expect(acceptMessage({ type: 'content:hello' }, content, rules)?.from).toBe('content');
  });

  it('ignores a wrong sender id', () => {
    expect(
      acceptMessage({ type: 'content:hello' }, { ...content, id: 'abcdefghijklmnopabcdefghijklmnop' }, rules),
    ).toBe(undefined);
    expect(acceptMessage({ type: 'page:claim' }, { ...page, id: undefined }, rules)).toBe(undefined);
  });

  it('ignores content messages from unlisted pages, without a tab, or without a URL', () => {
    expect(
      acceptMessage({ type: 'content:hello' }, { ...content, url: 'https://news.contoso.com/' }, rules),
    ).toBe(undefined);
    expect(acceptMessage({ type: 'content:hello' }, { ...content, tab: undefined }, rules)).toBe(undefined);
    expect(acceptMessage({ type: 'content:hello' }, { ...content, url: undefined }, rules)).toBe(undefined);
  });

  it('ignores page messages whose URL only looks like ours', () => {
    for (const url of [
      `chrome-extension://${ID}.evil.example/flow.html`,
      `https://evil.example/chrome-extension://${ID}/`,
      `chrome-extension://abcdefghijklmnopabcdefghijklmnop/extension/pages/flow.html`,
    ])
      expect(acceptMessage({ type: 'page:claim' }, { ...page, url }, rules)).toBe(undefined);
  });

  it('never lets a sign-in page send page messages, nor an extension page send content messages', () => {
    expect(acceptMessage({ type: 'page:claim' }, content, rules)).toBe(undefined);
    expect(acceptMessage({ type: 'page:open', flow: 'reset', username: '' }, content, rules)).toBe(undefined);
    expect(acceptMessage({ type: 'content:submit', username: 'alice' }, page, rules)).toBe(undefined);
  });

  it.each([
    null,
    'content:hello',
    [],
    { type: 'content:hello', extra: 1 },
    { type: 'content:help' },
    { type: 'content:help', username: 5 },
    { type: 'content:submit', username: 'x'.repeat(257) },
    { type: 'content:submit', username: 'alice', password: 'hunter2' },
    { type: 'content:unknown' },
    { type: 'page:claim' },
  ])('ignores the content-script message %j (wrong shape)', (msg) => {
    expect(acceptMessage(msg, content, rules)).toBe(undefined);
  });

  it.each([
    { type: 'page:open', flow: 'admin', username: '' },
    { type: 'page:open', flow: 'reset' },
    { type: 'page:close', nonce: 'short' },
    { type: 'page:close', nonce: `${nonce}!` },
    { type: 'page:status', nonce, username: 'carol', status: { prompt: 'maybe', snoozedUntil: null } },
    { type: 'page:status', nonce, username: 'carol', status: { prompt: 'none', snoozedUntil: 'tomorrow' } },
    { type: 'page:status', nonce, username: 'carol' },
    { type: 'page:claim', nonce },
  ])('ignores the extension-page message %j (wrong shape)', (msg) => {
    expect(acceptMessage(msg, page, rules)).toBe(undefined);
  });

  it('accepts well-formed extension-page messages', () => {
    const status = { prompt: 'none', snoozedUntil: '2026-11-23T00:00:00.000Z' } as const;
    expect(acceptMessage({ type: 'page:status', nonce, username: 'carol', status }, page, rules)).toEqual({
      from: 'page',
      msg: { type: 'page:status', nonce, username: 'carol', status },
      tabId: 9,
      url: page.url,
    });
    // The toolbar popup has no tab.
    expect(acceptMessage({ type: 'page:state' }, { ...page, tab: undefined }, rules)?.from).toBe('page');
  });
});

describe('parseBackgroundMessage', () => {
  it('knows only the overlay commands', () => {
    expect(parseBackgroundMessage({ type: 'bg:overlay-open' })).toEqual({ type: 'bg:overlay-open' });
    expect(parseBackgroundMessage({ type: 'bg:overlay-open', src: 'https://evil.example' })).toBe(undefined);
    expect(parseBackgroundMessage({ type: 'bg:write', text: '123456' })).toBe(undefined);
  });
});
