// Sign-in success detection with an injected clock: successUrl, leaving the origin, failures and the 60 s window.
import { describe, expect, it } from 'vitest';
import { SUCCESS_WINDOW_MS, SuccessWatch } from '../../extension/lib/success-watch.ts';

const page = 'https://login.contoso.com/plain';

function watch() {
  let t = 1_000_000;
  const w = new SuccessWatch(() => t);
  return { w, advance: (ms: number) => (t += ms) };
}

describe('SuccessWatch', () => {
  it('counts reaching successUrl on the same origin', () => {
    const { w } = watch();
    w.submitted(1, { username: 'carol', pageUrl: page, successUrl: 'https://login.contoso.com/welcome*' });
    expect(w.navigated(1, 'https://login.contoso.com/login')).toBe(undefined);
    expect(w.navigated(1, 'https://login.contoso.com/welcome')).toBe('carol');
    // Once only.
    expect(w.navigated(1, 'https://login.contoso.com/welcome')).toBe(undefined);
  });

  it('counts leaving the sign-in origin when no successUrl is set', () => {
    const { w } = watch();
    w.submitted(1, { username: 'alice', pageUrl: page });
    expect(w.navigated(1, 'https://login.contoso.com/login?error=1')).toBe(undefined);
    expect(w.navigated(1, 'about:blank')).toBe(undefined);
    expect(w.navigated(1, 'https://portal.contoso.com/')).toBe('alice');
  });

  it('ignores other tabs and tabs that never submitted', () => {
    const { w } = watch();
    w.submitted(1, { username: 'alice', pageUrl: page });
    expect(w.navigated(2, 'https://portal.contoso.com/')).toBe(undefined);
    w.closed(1);
    expect(w.navigated(1, 'https://portal.contoso.com/')).toBe(undefined);
  });

  it('gives up after 60 seconds', () => {
    const { w, advance } = watch();
    w.submitted(1, { username: 'alice', pageUrl: page });
    advance(SUCCESS_WINDOW_MS);
    expect(w.navigated(1, 'https://login.contoso.com/x')).toBe(undefined);
    advance(1);
    expect(w.navigated(1, 'https://portal.contoso.com/')).toBe(undefined);
    expect(w.state).toEqual({});
  });

  it('keeps only the latest submission per tab and prunes expired ones', () => {
    const { w, advance } = watch();
    w.submitted(1, { username: 'alice', pageUrl: page });
    advance(30_000);
    w.submitted(1, { username: 'bob', pageUrl: page });
    w.submitted(2, { username: 'carol', pageUrl: page });
    advance(40_000);
    expect(w.navigated(1, 'https://portal.contoso.com/')).toBe('bob');
    w.submitted(3, { username: 'dave', pageUrl: page });
    advance(SUCCESS_WINDOW_MS + 1);
    expect(w.prune()).toBe(true);
    expect(w.state).toEqual({});
  });

  it('survives a service-worker restart through its serialized state', () => {
    const { w } = watch();
    w.submitted(4, { username: 'alice', pageUrl: page });
    const restored = new SuccessWatch(() => 1_000_500, JSON.parse(JSON.stringify(w.state)));
    expect(restored.navigated(4, 'https://portal.contoso.com/')).toBe('alice');
  });
});
