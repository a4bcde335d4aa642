// Starts a throwaway OpenLDAP slapd (mdb, ppolicy, memberof, LDAPS with a generated CA) on loopback for LDAP tests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client } from 'ldapts';

const run = promisify(execFile);

const slapdBin = process.env.REGAIN_TEST_SLAPD ?? '/usr/sbin/slapd';
const moduleDir = process.env.REGAIN_TEST_SLAPD_MODULES ?? '/usr/lib/ldap';
const schemaDir = process.env.REGAIN_TEST_SLAPD_SCHEMA ?? '/etc/ldap/schema';

export const baseDn = 'dc=contoso,dc=example';
export const rootDn = `cn=admin,${baseDn}`;
export const serviceDn = `cn=regain,ou=services,${baseDn}`;
export const policyDn = `cn=default,ou=policies,${baseDn}`;
/** ppolicy's "locked by an administrator until unlocked by one" value of pwdAccountLockedTime. */
export const adminLockValue = '000001010000Z';

export interface SlapdUser {
  uid: string;
  dn: string;
  password: string;
}

export interface NewSlapdUser {
  uid: string;
  password: string;
  givenName?: string;
  sn?: string;
  mail?: string;
  mobile?: string;
  telephoneNumber?: string;
  otherMailbox?: string;
  groups?: string[];
}

export interface Slapd {
  /** ldap:// on loopback (StartTLS offered). */
  url: string;
  /** ldaps:// on loopback, certificate for 127.0.0.1 and localhost signed by caFile. */
  ldapsUrl: string;
  caFile: string;
  /** A CA that did not sign the server's certificate. */
  wrongCaFile: string;
  rootPassword: string;
  servicePassword: string;
  /** Whether the memberof overlay is loaded (memberOf attributes are maintained). */
  memberOf: boolean;
  users: { alice: SlapdUser; bob: SlapdUser };
  /** Runs fn with a client bound as the rootdn (for fixtures and for reading what a test changed). */
  admin<T>(fn: (c: Client) => Promise<T>): Promise<T>;
  addUser(u: NewSlapdUser): Promise<SlapdUser>;
  /** Resolves true when a simple bind with these credentials succeeds. */
  canBind(dn: string, password: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Whether this machine has slapd and the modules the tests need. */
export function slapdAvailable(): boolean {
  return existsSync(slapdBin) && existsSync(join(moduleDir, 'back_mdb.la'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/** A CA and a server certificate for 127.0.0.1/localhost it signed, plus an unrelated second CA. */
async function makeCertificates(dir: string): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string) =>
    openssl(dir, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=Regain test ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  await Promise.all([ca('ca'), ca('wrong-ca')]);
  await openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  await writeFile(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  ]);
}

function slapdConf(dir: string, rootPassword: string, memberOf: boolean): string {
  const q = (s: string) => `"${s}"`;
  return `
include ${schemaDir}/core.schema
include ${schemaDir}/cosine.schema
include ${schemaDir}/inetorgperson.schema
modulepath ${moduleDir}
moduleload back_mdb.la
moduleload ppolicy.la
${memberOf ? 'moduleload memberof.la' : ''}
pidfile ${join(dir, 'slapd.pid')}
argsfile ${join(dir, 'slapd.args')}
TLSCACertificateFile ${join(dir, 'ca.pem')}
TLSCertificateFile ${join(dir, 'server.pem')}
TLSCertificateKeyFile ${join(dir, 'server.key')}
password-hash {SSHA}

access to dn.base="" by * read
access to dn.base="cn=Subschema" by * read

database mdb
suffix ${q(baseDn)}
rootdn ${q(rootDn)}
rootpw ${rootPassword}
directory ${join(dir, 'db')}
maxsize 33554432
# Tests need no durability; fsync per write made adds time out on a busy machine.
dbnosync
index objectClass,uid,entryUUID,member eq

${memberOf ? 'overlay memberof\nmemberof-group-oc groupOfNames\nmemberof-member-ad member\nmemberof-memberof-ad memberOf\nmemberof-refint TRUE' : ''}

overlay ppolicy
ppolicy_default ${q(policyDn)}
ppolicy_hash_cleartext

# Users write their own userPassword (a change as the user, with oldPasswd). The service account: write (not manage) on userPassword, or ppolicy would treat it as a password administrator
# and skip quality and history checks; manage on the lockout attributes, which ppolicy keeps operational.
access to attrs=pwdAccountLockedTime,pwdFailureTime
  by dn.exact=${q(serviceDn)} manage
  by self read
  by * none
access to attrs=userPassword
  by dn.exact=${q(serviceDn)} write
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact=${q(serviceDn)} read
  by self read
  by * none
`;
}

// Entries are added over LDAP, not slapadd, so the overlays (memberof, ppolicy hashing) see them.
async function loadFixtures(c: Client, servicePassword: string): Promise<void> {
  await c.add(baseDn, { objectClass: ['dcObject', 'organization'], dc: 'contoso', o: 'Contoso' });
  for (const ou of ['people', 'groups', 'services', 'policies'])
    await c.add(`ou=${ou},${baseDn}`, { objectClass: 'organizationalUnit', ou });
  await c.add(policyDn, {
    objectClass: ['organizationalRole', 'pwdPolicy'],
    cn: 'default',
    pwdAttribute: 'userPassword',
    pwdInHistory: '3',
    pwdMinLength: '8',
    pwdCheckQuality: '2',
    pwdLockout: 'TRUE',
    pwdMaxFailure: '3',
    pwdLockoutDuration: '0',
    pwdFailureCountInterval: '0',
    pwdAllowUserChange: 'TRUE',
    pwdMustChange: 'FALSE',
  });
  await c.add(serviceDn, {
    objectClass: ['organizationalRole', 'simpleSecurityObject'],
    cn: 'regain',
    userPassword: servicePassword,
  });
}

function userEntry(u: NewSlapdUser): Record<string, string | string[]> {
  const e: Record<string, string | string[]> = {
    objectClass: ['inetOrgPerson', 'extensibleObject'],
    uid: u.uid,
    cn: `${u.givenName ?? u.uid} ${u.sn ?? 'Test'}`,
    displayName: `${u.givenName ?? u.uid} ${u.sn ?? 'Test'}`,
    givenName: u.givenName ?? u.uid,
    sn: u.sn ?? 'Test',
    userPassword: u.password,
  };
  if (u.mail) e.mail = u.mail;
  if (u.mobile) e.mobile = u.mobile;
  if (u.telephoneNumber) e.telephoneNumber = u.telephoneNumber;
  if (u.otherMailbox) e.otherMailbox = u.otherMailbox;
  return e;
}

async function waitForSlapd(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `slapd exited (${signal ?? code})`;
  });
  for (;;) {
    if (exited) throw new Error(`${exited} before accepting connections:\n${stderr()}`);
    const c = new Client({ url, connectTimeout: 500, timeout: 1000 });
    try {
      await c.search('', { scope: 'base', attributes: ['namingContexts'] });
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`slapd did not accept connections within 15 s:\n${stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await c.unbind().catch(() => {});
    }
  }
}

interface Launched {
  proc: ChildProcess;
  url: string;
  ldapsUrl: string;
}

// The ports are free when picked but another process may take them before slapd binds: then try new ones.
async function launch(dir: string, started: (p: ChildProcess) => void): Promise<Launched> {
  for (let attempt = 1; ; attempt++) {
    const [port, tlsPort] = [await freePort(), await freePort()];
    const url = `ldap://127.0.0.1:${port}`;
    const ldapsUrl = `ldaps://127.0.0.1:${tlsPort}`;
    let err = '';
    // -d keeps slapd in the foreground (a child we can stop); level "none" still prints errors to stderr.
    const proc = spawn(
      slapdBin,
      ['-f', join(dir, 'slapd.conf'), '-h', `${url}/ ${ldapsUrl}/`, '-d', 'none'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    started(proc);
    proc.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-20_000);
    });
    try {
      await waitForSlapd(url, proc, () => err);
      return { proc, url, ldapsUrl };
    } catch (e) {
      await stopProcess(proc);
      if (attempt >= 3 || !/Address already in use/i.test(err)) throw e;
    }
  }
}

/** Starts slapd on two random loopback ports with the Contoso fixtures loaded; call stop() afterwards. */
export async function startSlapd(): Promise<Slapd> {
  const dir = await mkdtemp(join(tmpdir(), 'regain-slapd-'));
  await mkdir(join(dir, 'db'));
  const rootPassword = `root-${Math.random().toString(36).slice(2)}`;
  const servicePassword = `svc-${Math.random().toString(36).slice(2)}`;
  const memberOf = existsSync(join(moduleDir, 'memberof.la'));
  let child: ChildProcess | undefined;
  try {
    await makeCertificates(dir);
    await writeFile(join(dir, 'slapd.conf'), slapdConf(dir, rootPassword, memberOf));
    const { proc, url, ldapsUrl } = await launch(dir, (p) => {
      child = p;
    });

    const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
      const c = new Client({ url, timeout: 30_000 });
      try {
        await c.bind(rootDn, rootPassword);
        return await fn(c);
      } finally {
        await c.unbind().catch(() => {});
      }
    };
    const addUser = async (u: NewSlapdUser): Promise<SlapdUser> => {
      const dn = `uid=${u.uid},ou=people,${baseDn}`;
      await admin(async (c) => {
        await c.add(dn, userEntry(u));
        for (const g of u.groups ?? []) {
          const gdn = `cn=${g},ou=groups,${baseDn}`;
          await c.add(gdn, { objectClass: 'groupOfNames', cn: g, member: dn }).catch(async () => {
            await c.modify(
              gdn,
              new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn] }) }),
            );
          });
        }
      });
      return { uid: u.uid, dn, password: u.password };
    };
    await admin((c) => loadFixtures(c, servicePassword));
    const alice = await addUser({
      uid: 'alice',
      password: 'Alice-initial-1',
      givenName: 'Alice',
      sn: 'Smith',
      mail: 'alice@contoso.example',
      mobile: '+1 425 555 0101',
      telephoneNumber: '(425) 555-0102',
      otherMailbox: 'alice.home@example.net',
    });
    const bob = await addUser({
      uid: 'bob',
      password: 'Bob-initial-1',
      givenName: 'Bob',
      sn: 'Jones',
      mail: 'bob@contoso.example',
      mobile: '+44 7911 123456',
      telephoneNumber: 'not a number',
      groups: ['Domain Admins'],
    });
    // Nesting: alice ∈ Helpdesk ∈ SSPR Users.
    await admin(async (c) => {
      await c.add(`cn=Helpdesk,ou=groups,${baseDn}`, {
        objectClass: 'groupOfNames',
        cn: 'Helpdesk',
        member: alice.dn,
      });
      await c.add(`cn=SSPR Users,ou=groups,${baseDn}`, {
        objectClass: 'groupOfNames',
        cn: 'SSPR Users',
        member: `cn=Helpdesk,ou=groups,${baseDn}`,
      });
    });

    const canBind = async (dn: string, password: string): Promise<boolean> => {
      const c = new Client({ url, timeout: 30_000 });
      try {
        await c.bind(dn, password);
        return true;
      } catch {
        return false;
      } finally {
        await c.unbind().catch(() => {});
      }
    };

    return {
      url,
      ldapsUrl,
      caFile: join(dir, 'ca.pem'),
      wrongCaFile: join(dir, 'wrong-ca.pem'),
      rootPassword,
      servicePassword,
      memberOf,
      users: { alice, bob },
      admin,
      addUser,
      canBind,
      stop: async () => {
        await stopProcess(proc);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    if (child) await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
