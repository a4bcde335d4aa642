// The admin console in real Chromium against the real service: the demo admin signs in with password and emailed
// code, reads the overview, signs out; a user outside the groups is told why; axe-clean in light and dark.
import { describe, expect, it } from 'vitest';
import { block } from '../../server/security/throttle.ts';
import { demoUsers } from '../../server/seed-demo.ts';
import { axeViolations, focusedName, inlineStyles, openPage, useE2e } from '../helpers/e2e.ts';
import { codeFor, latestMessageId } from '../helpers/service.ts';

const setUp = useE2e();

describe('console in Chromium', () => {
  it('ada signs in with her password and an emailed code, reads the overview and signs out', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, cspConsole } = await openPage(setUp().browser, `${setUp().t.url}/admin/`);
      // A newcomer's first visit logs nothing in the browser console (no 401 for "who is signed in?").
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByRole('heading', { name: 'Sign in to the Regain console' }).waitFor();
      expect(await axeViolations(page), scheme).toEqual([]);
      await page.getByLabel('User name').fill('ada');
      await page.getByLabel('Password').fill(demoUsers.ada);
      const before = await latestMessageId(setUp().t, 'ada@personal.example');
      // Codes to one address are paced a minute apart; the second round comes a minute later.
      setUp().t.clock.advance(61_000);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Verify it is you' }).waitFor();
      await expect.poll(() => focusedName(page)).toBe('h1');
      expect(await axeViolations(page), scheme).toEqual([]);
      await page.getByRole('button', { name: /^Email a code to/ }).click();
      await page.getByLabel('Code').fill(await codeFor(setUp().t, 'ada@personal.example', before));
      expect(await axeViolations(page), scheme).toEqual([]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await page.getByText(/of \d+ users can reset their password/).waitFor();
      await page.getByText('Ada Quinn (admin)').waitFor();
      expect(await page.locator('dd.ok', { hasText: 'Reachable' }).count()).toBe(1);
      expect(await axeViolations(page), scheme).toEqual([]);
      expect(await inlineStyles(page)).toEqual([]);
      if (scheme === 'light') {
        // An API key for a login backend: its secret is shown once, then only its prefix.
        await page.getByRole('link', { name: 'API keys' }).click();
        await page.getByLabel('Name').fill('login backend');
        await page.getByLabel('Allowed from (CIDRs, optional)').fill('10.0.0.0/8');
        await page.getByRole('button', { name: 'Create key' }).click();
        const secret = await page.getByRole('status').locator('code').textContent();
        expect(secret).toMatch(/^rgk_[0-9a-f]{12}_/);
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Revoke login backend' }).click();
        await page.getByText(/^revoked /).waitFor();
        await page.reload();
        await page.getByRole('heading', { name: 'API keys' }).waitFor();
        expect(await page.locator('main').innerText()).not.toContain(secret);
      }
      await page.getByRole('link', { name: 'Audit' }).click();
      await page.getByRole('heading', { name: 'Audit' }).waitFor();
      await page.getByLabel('User').fill('ada');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.getByRole('cell', { name: 'console: session_opened (alternateEmail)' }).first().waitFor();
      expect(await axeViolations(page), scheme).toEqual([]);
      // The session cookie is not readable by scripts.
      expect(await page.evaluate(() => document.cookie)).toBe('');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the Regain console' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to the Regain console' }).waitFor();
      expect(cspConsole).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('tells alice, who is in no admin or helpdesk group, that her account may not use the console', async () => {
    const { page } = await openPage(setUp().browser, `${setUp().t.url}/admin/`);
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill(demoUsers.alice);
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .getByRole('alert')
      .getByText(/may not use the console/)
      .waitFor();
    await page.close();
  });

  it('hal, from the helpdesk, finds alice, sees her blocked mobile phone and unblocks her', async () => {
    const t = setUp().t;
    const [alice] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'alice'");
    const now = t.clock.now();
    await block(t.db, `fail:u:${alice!.id}:mobilePhone`, `u:${alice!.id}`, now + 24 * 3_600_000, now);
    const { page } = await openPage(setUp().browser, `${t.url}/admin/`);
    await page.getByLabel('User name').fill('hal');
    await page.getByLabel('Password').fill(demoUsers.hal);
    const before = await latestMessageId(t, 'hal@personal.example');
    t.clock.advance(61_000);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: /^Email a code to/ }).click();
    await page.getByLabel('Code').fill(await codeFor(t, 'hal@personal.example', before));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Hal Berg (helpdesk)').waitFor();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Name or display name starts with').fill('ali');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Alice Wong' }).click();
    await page.getByRole('heading', { name: /Alice Wong/ }).waitFor();
    await page.getByText(/mobilePhone \(failed codes, proofs or answers\): blocked until/).waitFor();
    // Masked as alice sees them, never the number itself.
    expect(await page.locator('main').innerText()).not.toContain('4255550100');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Unblock' }).click();
    await page.getByRole('status').getByText('Alice Wong is unblocked.').waitFor();
    await page.getByText('Nothing is blocked.').waitFor();
    await page.getByRole('cell', { name: 'console:hal' }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Contact data an admin sets: saved, shown masked with its source; privileged accounts are refused.
    await page.getByLabel('Mobile phone', { exact: true }).fill('-');
    await page.getByLabel('Office phone', { exact: true }).fill('+1 425 555 0166');
    await page.getByRole('button', { name: 'Save contact data' }).click();
    await page.getByRole('status').getByText('Contact data of Alice Wong saved.').waitFor();
    await page.getByRole('row', { name: /Office phone .* admin/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${t.url}/admin/users/dave`);
    await page.getByRole('heading', { name: /Dave Ortiz/ }).waitFor();
    await page.getByLabel('Alternate email').fill('attacker@example.org');
    await page.getByRole('button', { name: 'Save contact data' }).click();
    await page.getByRole('alert').getByText('Not allowed: privileged accounts: admins only.').waitFor();
    // The audit is for admins: no link for the helpdesk, and its address says so.
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    await page.goto(`${t.url}/admin/audit`);
    await page.getByRole('alert').getByText('Only admins can see the audit.').waitFor();
    await page.close();
  });

  it('ada turns the office phone off on the policy page; the widget on the demo page stops offering it', async () => {
    const { t, browser, demo } = setUp();
    const { page } = await openPage(browser, `${t.url}/admin/`);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill(demoUsers.ada);
    const before = await latestMessageId(t, 'ada@personal.example');
    t.clock.advance(61_000);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: /^Email a code to/ }).click();
    await page.getByLabel('Code').fill(await codeFor(t, 'ada@personal.example', before));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The browser refuses a number out of range itself; what only the server knows comes back at its field.
    const accent = page.getByLabel('Accent colour');
    await accent.fill('red');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.locator('#p-organization-accent-error').getByText('must be a colour like #0b5cd5').waitFor();
    expect(await accent.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await accent.fill('');
    // Raising the gates warns how many users could no longer reset.
    await page.getByLabel('Gates required').selectOption('2');
    await page.getByLabel('Office phone', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('heading', { name: 'Review the changes' }).waitFor();
    await page.getByText('Gates required: 1 → 2').waitFor();
    await page.getByText(/users who can reset today could not after this change/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Back to the form' }).click();
    await page.getByLabel('Gates required').selectOption('1');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByText('Office phone: true → false').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .getByText(/^Saved\./)
      .waitFor();
    await page.getByRole('cell', { name: 'methods.officePhone.enabled' }).first().waitFor();

    const widget = await browser.newPage();
    await widget.goto(`${demo.url}/strict-csp`);
    await widget.getByRole('button', { name: 'Reset your password' }).click();
    await widget.getByLabel('User name').fill('alice');
    await widget.getByRole('button', { name: 'Next' }).click();
    await widget.getByRole('button', { name: /^Email a code to/ }).waitFor();
    expect(await widget.getByRole('button', { name: /^Call my office phone/ }).count()).toBe(0);
    await widget.close();

    // Revert puts the office phone back.
    await page
      .getByRole('button', { name: /^Revert the change of/ })
      .first()
      .click();
    await page
      .getByRole('status')
      .getByText(/^Reverted/)
      .waitFor();
    const policy = await t.api.get<{ methods: { officePhone: { enabled: boolean } } }>('/v1/admin/policy', {
      token: t.adminKey,
    });
    expect(policy.body.methods.officePhone.enabled).toBe(true);
    // …and the widget offers it again: the check above was not vacuous.
    const again = await browser.newPage();
    await again.goto(`${demo.url}/strict-csp`);
    await again.getByRole('button', { name: 'Reset your password' }).click();
    await again.getByLabel('User name').fill('alice');
    await again.getByRole('button', { name: 'Next' }).click();
    await again.getByRole('button', { name: /^Call my office phone/ }).waitFor();
    await again.close();
    await page.close();
  });
});
