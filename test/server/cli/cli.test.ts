// The regain CLI on an embedded database in a temp folder: migrate, seed, policy, users, keys, audit and exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../server/cli/main.ts';
import type { ApiKeyInfo } from '../../../server/security/api-keys.ts';

interface Run {
  code: number;
  out: string;
  err: string;
}

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs main() in this process with stdout and stderr captured and extra environment variables set. */
async function cli(dataDir: string, argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const capture =
    (into: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  Object.assign(process.env, env);
  process.stdout.write = capture(out) as typeof process.stdout.write;
  process.stderr.write = capture(err) as typeof process.stderr.write;
  try {
    const code = await main([...argv, '--data-dir', dataDir]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('regain CLI', () => {
  let dir: string;
  let dataDir: string;
  let ticketsKey = '';
  let ticketsId = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'regain-cli-'));
    dataDir = join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a new data folder, then reports it up to date', async () => {
    const first = await cli(dataDir, ['migrate']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^applied 001-initial\.sql/);
    const second = await cli(dataDir, ['migrate']);
    expect(second.code, second.err).toBe(0);
    expect(second.out.trim()).toBe('database is up to date');
  });

  it('seeds the demo organization and shows its policy as JSON', async () => {
    const seeded = await cli(dataDir, ['seed-demo']);
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toMatch(/seeded Contoso/);
    const shown = await cli(dataDir, ['policy', 'show']);
    expect(shown.code, shown.err).toBe(0);
    const policy = JSON.parse(shown.out) as {
      organization: { name: string };
      reset: { gatesRequired: number };
    };
    expect(policy.organization.name).toBe('Contoso');
    expect(policy.reset.gatesRequired).toBe(1);

    const invalid = join(dir, 'policy.json');
    writeFileSync(invalid, JSON.stringify({ ...policy, reset: { ...policy.reset, gatesRequired: 3 } }));
    const refused = await cli(dataDir, ['policy', 'set', invalid]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/reset\.gatesRequired/);
    expect(refused.err).not.toMatch(/\n\s+at /);
    expect(refused.out).toBe('');

    // set replaces the whole policy: a document without a section is refused, naming it.
    const { throttles: _left, ...partial } = policy as unknown as Record<string, unknown>;
    writeFileSync(invalid, JSON.stringify(partial));
    const partialSet = await cli(dataDir, ['policy', 'set', invalid]);
    expect(partialSet.code).toBe(1);
    expect(partialSet.err).toMatch(/validation_failed \(throttles\)/);
    writeFileSync(invalid, '{"__proto__":{"reset":{"enabled":"none"}}}');
    expect((await cli(dataDir, ['policy', 'set', invalid])).err).toMatch(/validation_failed \(__proto__\)/);

    // patch merges (RFC 7396) and keeps everything else.
    const patchFile = join(dir, 'patch.json');
    writeFileSync(patchFile, JSON.stringify({ organization: { name: 'Fabrikam' } }));
    const patched = await cli(dataDir, ['policy', 'patch', patchFile]);
    expect(patched.code).toBe(0);
    const after = JSON.parse(patched.out) as typeof policy;
    expect(after.organization.name).toBe('Fabrikam');
    expect(after.reset.gatesRequired).toBe(1);
  });

  it('adds a user with the password from REGAIN_NEW_PASSWORD, shows it and sets admin contact data', async () => {
    const added = await cli(
      dataDir,
      ['users', 'add', '--username', 'Erin', '--display-name', 'Erin Diaz', '--email', 'erin@contoso.com'],
      {
        REGAIN_NEW_PASSWORD: 'Saffron-Kettle-2291',
      },
    );
    expect(added.code, added.err).toBe(0);
    expect(added.out).toMatch(/^added Erin \([0-9a-f-]{36}\)/);
    expect(added.out).not.toContain('Saffron');
    const shown = await cli(dataDir, ['users', 'show', 'erin@contoso.com']);
    expect(shown.code, shown.err).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({
      username: 'erin',
      displayName: 'Erin Diaz',
      contact: [],
      configured: false,
    });

    const contact = await cli(dataDir, ['users', 'contact', 'alice', '--mobile-phone', '+1 425 555 0177']);
    expect(contact.code, contact.err).toBe(0);
    const view = JSON.parse(contact.out) as { contact: { id: string; value: string; source: string }[] };
    expect(view.contact).toContainEqual(
      expect.objectContaining({ id: 'mobilePhone', value: '+14255550177', source: 'admin' }),
    );
    expect(contact.out).not.toMatch(/Biscuit|argon2/i);
  });

  it('creates a tickets key that is printed once, lists keys without secrets and revokes by id', async () => {
    const created = await cli(dataDir, ['keys', 'create', '--scope', 'tickets', '--name', 'x']);
    expect(created.code, created.err).toBe(0);
    const m = /(rgk_[0-9a-f]{12}_[A-Za-z0-9_-]{32,})\n\(id ([0-9a-f-]{36});/.exec(created.out);
    expect(m, created.out).not.toBe(null);
    ticketsKey = m?.[1] ?? '';
    ticketsId = m?.[2] ?? '';

    const listed = await cli(dataDir, ['keys', 'list']);
    expect(listed.code, listed.err).toBe(0);
    const keys = JSON.parse(listed.out) as ApiKeyInfo[];
    expect(keys).toContainEqual(
      expect.objectContaining({
        id: ticketsId,
        scope: 'tickets',
        name: 'x',
        prefix: ticketsKey.slice(4, 16),
        revokedAt: null,
      }),
    );
    expect(listed.out).not.toContain(ticketsKey);
    expect(listed.out).not.toContain(ticketsKey.slice(17));
    expect(listed.out).not.toMatch(/secret|hash/i);

    const revoked = await cli(dataDir, ['keys', 'revoke', ticketsId]);
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.out).toContain(`revoked ${ticketsId}`);
  });

  it('exports the audit log as CSV, with the admin actions above and no secrets', async () => {
    const run = await cli(dataDir, ['audit', '--csv']);
    expect(run.code, run.err).toBe(0);
    const lines = run.out.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,kind,actor,user,subjectHmac,ip,userAgent,method,result,detail');
    for (const detail of ['policy_changed', 'user_added', 'contact_changed', 'key_created', 'key_revoked'])
      expect(
        lines.some((l) => l.endsWith(`,${detail}`)),
        detail,
      ).toBe(true);
    expect(lines.find((l) => l.endsWith(',user_added'))).toContain(',cli,erin,');
    expect(run.out).not.toContain(ticketsKey.slice(17));
    expect(run.out).not.toContain('Saffron-Kettle-2291');
  });

  it('exits 2 for an unknown command, in process and through bin/regain.js', async () => {
    const run = await cli(dataDir, ['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/unknown command "frobnicate"/);
    expect(run.err).toMatch(/Usage:/);
    const flag = await cli(dataDir, ['migrate', '--no-such-flag']);
    expect(flag.code).toBe(2);

    const child = spawnSync(process.execPath, ['bin/regain.js', 'frobnicate'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(2);
    expect(child.stderr).toMatch(/unknown command "frobnicate"/);
    expect(child.stdout).toBe('');
  });
});
