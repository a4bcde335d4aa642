// @vitest-environment happy-dom
// The placement the widget's help link and the extension's link share: after the anchor through re-renders.
import { afterEach, describe, expect, it } from 'vitest';
import { keepAfter, typedUsername } from '../../widget/embed/keep-after.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('keepAfter', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('follows a form the page replaces, and removes the link while no anchor is there when asked', async () => {
    const stop = new AbortController();
    document.body.innerHTML = '<main><form id="signin"><input name="username"></form></main>';
    const link = document.createElement('a');
    keepAfter(link, () => document.querySelector('#signin'), { removeWhenGone: true, signal: stop.signal });
    expect(document.querySelector('#signin')?.nextSibling).toBe(link);

    // A single-page sign-in swaps its step: a new form in a new place.
    document.querySelector('main')!.replaceChildren();
    await tick();
    expect(link.isConnected).toBe(false);
    const aside = document.createElement('aside');
    aside.innerHTML = '<form id="signin"><input type="password"></form>';
    document.body.append(aside);
    await tick();
    expect(aside.querySelector('#signin')?.nextSibling).toBe(link);

    stop.abort();
    expect(link.isConnected).toBe(false);
    document.body.innerHTML = '<form id="signin"></form>';
    await tick();
    expect(link.isConnected).toBe(false);
  });

  it('puts the link after the label that wraps the anchor, and keeps it where it is without removeWhenGone', async () => {
    document.body.innerHTML = '<label id="l">User name <input id="u"></label><p id="other"></p>';
    const link = document.createElement('a');
    keepAfter(link, () => document.querySelector('#u'));
    expect(document.querySelector('#l')?.nextSibling).toBe(link);
    document.querySelector('#l')!.remove();
    await tick();
    expect(link.isConnected).toBe(true);
  });
});

describe('typedUsername', () => {
  it('reads the field, caps it at the API’s 256 characters and survives a malformed selector', () => {
    document.body.innerHTML = '<input id="u">';
    (document.querySelector('#u') as HTMLInputElement).value = 'a'.repeat(300);
    expect(typedUsername('#u')).toHaveLength(256);
    expect(typedUsername('#missing')).toBeUndefined();
    expect(typedUsername('[[[')).toBeUndefined();
  });
});
