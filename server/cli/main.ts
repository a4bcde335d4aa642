// The regain CLI: serve, migrate, seed-demo, policy, users, keys, secrets and audit.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { auditQuery } from '../../api/admin.ts';
import { auditCsv, queryAudit } from '../admin/audit-query.ts';
import { adminView, findUserOr404, setAdminContact, unblockUser } from '../admin/users.ts';
import { audit } from '../audit/audit.ts';
import { type Config, ConfigError, configFromEnv, configFromFile, resolveConfig } from '../config.ts';
import { parseStrictJson } from '../json/strict-json.ts';
import { ProblemError } from '../problem.ts';
import { createRuntime, listen, openDatabase, type Runtime } from '../runtime.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../security/api-keys.ts';
import { generateSecrets, parseSecrets, rotateSecrets } from '../security/keyring.ts';
import { seedDemo } from '../seed-demo.ts';
import { migrate } from '../store/migrate.ts';
import type { DevCompositionLoader } from './dev-composition.ts';

const usage = `regain: self-service password reset

Usage:
  regain serve [--port 8080] [--host 127.0.0.1] [--data-dir ./.regain] [--database-url URL] [--config FILE] [--dev]
               [--admin-key-file FILE]
  regain migrate                       apply database migrations
  regain seed-demo                     add the demo organization Contoso (alice, bob, carol, dave)
  regain policy show                   print the stored policy as JSON
  regain policy set FILE|-             replace the whole policy with a JSON document (every section)
  regain policy patch FILE|-           change part of the policy with a JSON Merge Patch (RFC 7396)
  regain users add --username U --display-name N [--given-name G] [--family-name F] [--email E]
                   [--privileged] [--group G]...   (password read from REGAIN_NEW_PASSWORD or stdin)
  regain users show USERNAME
  regain users contact USERNAME [--alternate-email E] [--mobile-phone P] [--office-phone P]  ("" removes)
  regain users unblock USERNAME
  regain keys create --scope admin|tickets --name NAME [--cidr CIDR]...
  regain keys list | regain keys revoke ID|PREFIX
  regain secrets generate [--out FILE] | regain secrets rotate --file FILE
  regain audit [--from ISO] [--to ISO] [--kind K] [--user U] [--result R] [--limit N] [--csv]

Every command takes --data-dir, --database-url and --config to choose the database. With the embedded database,
stop the server first (PGlite serves one process) or use the admin API.`;

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  config: { type: 'string' },
  dev: { type: 'boolean' },
  'admin-key-file': { type: 'string' },
  username: { type: 'string' },
  'display-name': { type: 'string' },
  'given-name': { type: 'string' },
  'family-name': { type: 'string' },
  email: { type: 'string' },
  privileged: { type: 'boolean' },
  group: { type: 'string', multiple: true },
  'alternate-email': { type: 'string' },
  'mobile-phone': { type: 'string' },
  'office-phone': { type: 'string' },
  scope: { type: 'string' },
  name: { type: 'string' },
  cidr: { type: 'string', multiple: true },
  out: { type: 'string' },
  file: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  kind: { type: 'string' },
  user: { type: 'string' },
  result: { type: 'string' },
  limit: { type: 'string' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function configOf(v: Values, extra: Partial<Omit<Config, 'ldap'>> = {}): Config {
  const flags = {
    port: v.port,
    host: v.host,
    dataDir: v['data-dir'],
    databaseUrl: v['database-url'],
    dev: v.dev,
    adminKeyFile: v['admin-key-file'],
    ...extra,
  };
  return resolveConfig([...(v.config ? [configFromFile(v.config)] : []), configFromEnv(process.env), flags]);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function withRuntime<T>(v: Values, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await createRuntime(configOf(v, { seedDemo: false }), { log: pino({ level: 'warn' }) });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

const print = (x: unknown) =>
  process.stdout.write(`${typeof x === 'string' ? x : JSON.stringify(x, null, 2)}\n`);

/**
 * Runs the CLI; returns the exit code. `loadDev` brings what `serve --dev` runs beside the service (the demo site);
 * without it, `--dev` serves the service alone.
 */
export async function main(argv: string[], loadDev?: DevCompositionLoader): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const {
    values: v,
    positionals: [cmd, sub, arg],
  } = parsed;
  if (v.help || !cmd) {
    print(usage);
    return cmd || v.help ? 0 : 2;
  }
  try {
    switch (cmd) {
      case 'serve':
        return await serveCommand(v, loadDev);
      case 'migrate': {
        const db = await openDatabase(configOf(v));
        const applied = await migrate(db);
        await db.close();
        print(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
        return 0;
      }
      case 'seed-demo':
        return await withRuntime(v, async (rt) => {
          if (rt.config.ldap || rt.config.httpDirectory)
            throw new ConfigError('users live in an external directory; there is no demo to seed');
          const done = await seedDemo(rt.services, rt.directory, { onlyIfEmpty: true });
          print(
            done
              ? 'seeded Contoso: alice, bob, carol, dave'
              : 'the database already has users; nothing seeded',
          );
          return 0;
        });
      case 'policy':
        return await withRuntime(v, async (rt) => {
          if (sub === 'show') print(await rt.services.policies.get());
          else if ((sub === 'set' || sub === 'patch') && arg) {
            // The admin API's rules: strict JSON, then a whole policy (set) or a merge patch (patch).
            const doc = parseStrictJson(arg === '-' ? await readStdin() : await readFile(arg, 'utf8'));
            print(
              await (sub === 'set'
                ? rt.services.policies.replace(doc, 'cli')
                : rt.services.policies.patch(doc, 'cli')),
            );
          } else
            throw new ConfigError(
              'usage: regain policy show | regain policy set FILE|- | regain policy patch FILE|-',
            );
          return 0;
        });
      case 'users':
        return await withRuntime(v, (rt) => usersCommand(rt, v, sub, arg));
      case 'keys':
        return await withRuntime(v, async (rt) => {
          const { db, clock } = rt.services;
          if (sub === 'create') {
            if (v.scope !== 'admin' && v.scope !== 'tickets')
              throw new ConfigError('--scope must be admin or tickets');
            const k = await createApiKey(db, {
              scope: v.scope,
              name: v.name ?? v.scope,
              cidrs: v.cidr ?? [],
              now: clock.now(),
            });
            await audit(db, {
              at: clock.now(),
              kind: 'admin',
              result: 'succeeded',
              detail: 'key_created',
              actor: 'cli',
              data: { id: k.id, scope: v.scope },
            });
            print(`${k.key}\n(id ${k.id}; shown once, store it now)`);
          } else if (sub === 'list') print(await listApiKeys(db));
          else if (sub === 'revoke' && arg) {
            if (!(await revokeApiKey(db, arg, clock.now()))) throw new ConfigError(`no live key ${arg}`);
            await audit(db, {
              at: clock.now(),
              kind: 'admin',
              result: 'succeeded',
              detail: 'key_revoked',
              actor: 'cli',
              data: { key: arg },
            });
            print(`revoked ${arg}`);
          } else throw new ConfigError('usage: regain keys create|list|revoke');
          return 0;
        });
      case 'secrets': {
        if (sub === 'generate') {
          const text = JSON.stringify(generateSecrets(Date.now()), null, 2);
          if (v.out) await writeFile(v.out, text, { mode: 0o600, flag: 'wx' });
          else print(text);
          return 0;
        }
        if (sub === 'rotate' && v.file) {
          const next = rotateSecrets(parseSecrets(await readFile(v.file, 'utf8'), v.file), Date.now());
          await writeFile(v.file, JSON.stringify(next, null, 2), { mode: 0o600 });
          print(
            `rotated: current HMAC key ${next.hmac[0]!.kid}, previous accepted for 15 minutes; restart or reload every instance`,
          );
          return 0;
        }
        throw new ConfigError(
          'usage: regain secrets generate [--out FILE] | regain secrets rotate --file FILE',
        );
      }
      case 'audit':
        return await withRuntime(v, async (rt) => {
          const f = auditQuery.parse({
            from: v.from,
            to: v.to,
            kind: v.kind,
            user: v.user,
            result: v.result,
            limit: v.limit ?? '100',
          });
          const page = await queryAudit(rt.services, f);
          print(v.csv ? auditCsv(page.events).trimEnd() : page);
          return 0;
        });
      default:
        process.stderr.write(`unknown command "${cmd}"\n\n${usage}\n`);
        return 2;
    }
  } catch (err) {
    const message =
      err instanceof ProblemError
        ? `${err.code}${err.extras.field ? ` (${err.extras.field})` : ''}${err.extras.detail ? `: ${err.extras.detail}` : ''}`
        : err instanceof ConfigError || err instanceof SyntaxError
          ? err.message
          : err && typeof err === 'object' && 'issues' in err
            ? (err as { issues: { path: unknown[]; message: string }[] }).issues
                .map((i) => `${i.path.join('.')}: ${i.message}`)
                .join('\n')
            : (err as Error).message;
    process.stderr.write(`regain: ${message}\n`);
    return 1;
  }
}

async function usersCommand(
  rt: Runtime,
  v: Values,
  sub: string | undefined,
  arg: string | undefined,
): Promise<number> {
  const s = rt.services;
  if (sub === 'add') {
    if (rt.config.ldap || rt.config.httpDirectory)
      throw new ConfigError('users live in an external directory; add them there');
    if (!v.username || !v['display-name'])
      throw new ConfigError('users add needs --username and --display-name');
    const password = process.env.REGAIN_NEW_PASSWORD ?? (await readStdin()).replace(/\r?\n$/, '');
    const p = await s.policies.get();
    const verdict = await s.passwords.check(p, password, { username: v.username });
    if (!verdict.accepted)
      throw new ConfigError(`password rejected: ${verdict.violations.map((x) => x.message).join('; ')}`);
    const id = await rt.directory.addUser({
      username: v.username,
      displayName: v['display-name'],
      password,
      ...(v['given-name'] ? { givenName: v['given-name'] } : {}),
      ...(v['family-name'] ? { familyName: v['family-name'] } : {}),
      ...(v.email ? { email: v.email } : {}),
      privileged: Boolean(v.privileged),
      groups: v.group ?? [],
    });
    await audit(s.db, {
      at: s.clock.now(),
      kind: 'admin',
      result: 'succeeded',
      detail: 'user_added',
      actor: 'cli',
      userId: id,
    });
    print(`added ${v.username} (${id})`);
    return 0;
  }
  if (!arg && sub !== undefined) throw new ConfigError(`users ${sub} needs a USERNAME`);
  const user = await findUserOr404(s, arg ?? '');
  if (sub === 'show') print(await adminView(s, user));
  else if (sub === 'contact') {
    const val = (x: string | undefined) => (x === undefined ? undefined : x === '' ? null : x);
    print(
      await setAdminContact(
        s,
        user,
        {
          alternateEmail: val(v['alternate-email']),
          mobilePhone: val(v['mobile-phone']),
          officePhone: val(v['office-phone']),
        },
        'cli',
      ),
    );
  } else if (sub === 'unblock') {
    await unblockUser(s, user, 'cli');
    print(`unblocked ${user.username}`);
  } else throw new ConfigError('usage: regain users add|show|contact|unblock');
  return 0;
}

async function serveCommand(v: Values, loadDev: DevCompositionLoader | undefined): Promise<number> {
  let config = configOf(v);
  const dev = config.dev && loadDev ? await loadDev() : undefined;
  if (dev) config = { ...config, corsOrigins: [...config.corsOrigins, ...(await dev.corsOrigins())] };
  const rt = await createRuntime(config);
  const { url, close } = await listen(rt);
  const log = rt.services.log;
  log.info(
    { url, database: config.databaseUrl ? 'postgres' : 'pglite', dev: config.dev },
    `Regain listening on ${url}`,
  );
  log.info({ url: `${url}/` }, `Self-service portal: ${url}/ (reset, register, change a password)`);
  log.info({ url: `${url}/admin/` }, `Admin console: ${url}/admin/`);
  if (config.dev) log.warn('development mode: /v1/dev/outbox is open and loopback origins may call the API');
  // The demo sign-in site only ever runs beside a development service.
  const demo = dev ? await dev.start(rt, url) : undefined;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info('shutting down');
  await demo?.close();
  await close();
  return 0;
}
