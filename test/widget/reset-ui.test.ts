// @vitest-environment happy-dom
// UI tests of the mounted reset flow (real views, machine, client and ALTCHA solver) against the msw fake service.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parkedKey } from '../../widget/flows/flow-store.ts';
import { mountReset } from '../../widget/flows/reset-entry.tsx';
import { en, type MessageKey } from '../../widget/i18n/en.ts';
import { createFakeService, createHandlers, type FakeService } from '../../widget/mocks/handlers.ts';

const api = 'https://reset.example.org';
const server = setupServer();
let service: FakeService;
const unmounts: (() => void)[] = [];
/** Requests seen by the fake service: method, path, and whether a Bearer token came with it. */
const requests: string[] = [];

/** The English text of `key` with `{name}` filled, as the views render it. */
const text = (key: MessageKey, params: Record<string, string | number> = {}) =>
  (en[key] as string).replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m));

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    const bearer = request.headers.get('Authorization')?.startsWith('Bearer ') ? ' bearer' : '';
    requests.push(`${request.method} ${new URL(request.url).pathname}${bearer}`);
  });
});
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  sessionStorage.clear();
  requests.length = 0;
  service = createFakeService();
  server.use(...createHandlers(service));
});
afterEach(() => {
  for (const u of unmounts.splice(0)) u();
  document.body.replaceChildren();
  server.resetHandlers();
});
afterAll(() => server.close());

function mount(username?: string) {
  const host = document.createElement('div');
  document.body.append(host);
  unmounts.push(mountReset(host, { api, locale: 'en', ...(username ? { username } : {}) }));
  const root = host.shadowRoot!;
  const $ = <E extends Element = HTMLElement>(sel: string) => root.querySelector<E>(sel);
  const heading = () => $('h2')?.textContent ?? '';
  /** Waits for `step` (the heading's data-step), then checks the heading reads `key`. */
  const at = async (step: string, key: MessageKey) => {
    await vi.waitFor(() => expect($('h2')?.dataset.step).toBe(step), { timeout: 5000 });
    expect(heading()).toBe(text(key));
  };
  const type = (sel: string, value: string) => {
    const input = $<HTMLInputElement>(sel)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const submit = (sel = 'form') => $<HTMLFormElement>(sel)!.requestSubmit();
  const button = (label: string) =>
    [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === label);
  return { host, root, $, heading, at, type, submit, button };
}

describe('reset flow UI', () => {
  it('walks username → method → code → password → done and tells the page', async () => {
    const ui = mount();
    const done = vi.fn<(e: CustomEvent) => void>();
    const onDone = (e: Event) => done(e as CustomEvent);
    // Listened for on the document: the event must bubble out of the host.
    document.addEventListener('regain:done', onDone);

    await ui.at('start', 'reset.title');
    expect(ui.$('input[name="username"]')?.getAttribute('autocomplete')).toBe('username');
    ui.type('input[name="username"]', 'alice');
    ui.submit();

    await ui.at('method', 'method.title');
    const email = ui.button(text('method.alternateEmail', { hint: 'a****@p*******.example' }));
    expect(email).toBeDefined();
    email!.click();

    await ui.at('code', 'code.title');
    const code = ui.$<HTMLInputElement>('input[name="code"]')!;
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(ui.root.textContent).toContain(text('code.resendIn', { n: 60 }));
    expect(service.sent).toMatchObject([{ to: 'alice@personal.example', channel: 'email' }]);

    // A wrong code: the error names the attempts left and offers the helpdesk.
    ui.type('input[name="code"]', '00000000');
    ui.submit();
    await vi.waitFor(() =>
      expect(ui.$('.error')?.textContent).toBe(text('error.invalid_code.left', { n: 4 })),
    );
    expect(ui.heading()).toBe(text('code.title'));
    const help = ui.$<HTMLAnchorElement>('a.helpdesk')!;
    expect(help.getAttribute('href')).toBe('https://help.contoso.example');
    expect(help.textContent).toBe(text('helpdesk'));
    expect(help.getAttribute('rel')).toContain('noopener');

    ui.type('input[name="code"]', '4815 1623');
    ui.submit();
    await ui.at('password', 'password.title');
    expect(ui.$('.error')).toBeNull();
    const user = ui.$<HTMLInputElement>('form input[name="username"]')!;
    expect(user.readOnly).toBe(true);
    expect(user.value).toBe('alice');
    expect(user.getAttribute('autocomplete')).toBe('username');
    expect(ui.$('input[name="password"]')?.getAttribute('autocomplete')).toBe('new-password');

    // Live rule feedback from POST /v1/password/check, debounced.
    ui.type('input[name="password"]', 'alice1');
    await vi.waitFor(() => {
      const rules = [...ui.root.querySelectorAll('ul.rules li')].map((li) => li.textContent);
      expect(rules).toEqual([text('rule.length', { min: 8, max: 256 }), text('rule.context_word')]);
    });
    ui.type('input[name="password"]', 'Tidal-Lantern-42');
    await vi.waitFor(() => expect(ui.$('.ok')?.textContent).toBe(text('password.ok')));
    expect(ui.$('ul.rules')).toBeNull();

    ui.type('input[name="confirm"]', 'Tidal-Lantern-42');
    ui.submit();
    await vi.waitFor(() => expect(ui.$('.ok')?.textContent).toBe(text('done.reset')));
    expect(service.users.get('alice')?.password).toBe('Tidal-Lantern-42');
    expect(done).toHaveBeenCalledOnce();
    const e = done.mock.calls[0]![0];
    expect(e.target).toBe(ui.host);
    expect(e.bubbles).toBe(true);
    expect(e.composed).toBe(true);
    expect(e.detail).toEqual({ outcome: 'reset' });
    document.removeEventListener('regain:done', onDone);
  });

  it('shows the server violations when the final submit is refused', async () => {
    const ui = mount('alice');
    await ui.at('start', 'reset.title');
    expect(ui.$<HTMLInputElement>('input[name="username"]')?.value).toBe('alice');
    ui.submit();
    await ui.at('method', 'method.title');
    ui.button(text('method.alternateEmail', { hint: 'a****@p*******.example' }))!.click();
    await ui.at('code', 'code.title');
    ui.type('input[name="code"]', '12345678');
    ui.submit();
    await ui.at('password', 'password.title');
    ui.type('input[name="password"]', 'password1');
    ui.type('input[name="confirm"]', 'password1');
    ui.submit();
    await vi.waitFor(() => expect(ui.$('.error')?.textContent).toBe(text('error.password_rejected')));
    expect([...ui.root.querySelectorAll('ul.rules li')].map((li) => li.textContent)).toContain(
      text('rule.common_password'),
    );
  });

  it('resumes at the code step after a reload of the tab, with an empty code field', async () => {
    const first = mount();
    await first.at('start', 'reset.title');
    first.type('input[name="username"]', 'alice');
    first.submit();
    await first.at('method', 'method.title');
    first.button(text('method.alternateEmail', { hint: 'a****@p*******.example' }))!.click();
    await first.at('code', 'code.title');
    first.type('input[name="code"]', '1234');

    // A reload: the page and its widget are gone without a cancel, the tab's sessionStorage stays.
    await vi.waitFor(() => expect(sessionStorage.getItem(parkedKey)).toBe(api));
    unmounts.length = 0;
    document.body.replaceChildren();
    requests.length = 0;
    const again = mount();
    await again.at('code', 'code.title');
    expect(again.$<HTMLInputElement>('input[name="code"]')?.value).toBe('');
    // The same flow goes on: no new captcha, no new start.
    expect(requests).toEqual(['GET /v1/config']);
    expect(again.root.textContent).toMatch(/You can ask for a new code in \d+ s\./);
    again.type('input[name="code"]', '12345678');
    again.submit();
    await again.at('password', 'password.title');
    expect(again.$<HTMLInputElement>('input[name="username"]')?.value).toBe('alice');

    // On the password step nothing is kept: another reload starts over.
    await vi.waitFor(() => expect(sessionStorage.getItem(parkedKey)).toBeNull());
    unmounts.length = 0;
    document.body.replaceChildren();
    const third = mount();
    await third.at('start', 'reset.title');
    expect(third.$('input[name="username"]')).not.toBeNull();
  });

  it('cancels: tells the server and the page, and forgets the flow', async () => {
    const ui = mount('bob');
    const cancelled = vi.fn();
    ui.host.addEventListener('regain:cancel', cancelled);
    await ui.at('start', 'reset.title');
    ui.submit();
    await ui.at('method', 'method.title');
    ui.button(text('cancel'))!.click();
    await vi.waitFor(() => expect(ui.root.textContent).toContain(text('cancelled')));
    expect(cancelled).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(requests).toContain('POST /v1/reset/cancel bearer'));
    await vi.waitFor(() => expect(sessionStorage.getItem(parkedKey)).toBeNull());
  });
});
