// Runtime wiring with `ldap` settings: config layers merge, the service uses the LDAP directory, readiness pings it.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, resolveConfig } from '../../../../server/config.ts';
import { createRuntime, listen } from '../../../../server/runtime.ts';
import { baseDn, type Slapd, serviceDn, startSlapd } from '../../../helpers/slapd.ts';

describe('runtime with ldap', () => {
  let s: Slapd;
  beforeAll(async () => {
    s = await startSlapd();
  });
  afterAll(async () => s?.stop());

  it('wires the LDAP directory from file + environment layers', async () => {
    const config = resolveConfig([
      {
        port: 0,
        dataDir: ':memory:',
        dev: true,
        logLevel: 'silent',
        ldap: { mode: 'openldap', url: s.ldapsUrl, tlsCaFile: s.caFile, bindDn: serviceDn, baseDn } as never,
      },
      configFromEnv({ REGAIN_LDAP_BIND_PASSWORD: s.servicePassword }),
    ]);
    const rt = await createRuntime(config, { log: pino({ level: 'silent' }) });
    const srv = await listen(rt);
    try {
      expect(rt.services.directory.kind).toBe('ldap');
      expect((await rt.services.directory.findUser('alice'))?.groups).toEqual(['Helpdesk', 'SSPR Users']);
      const ready = await fetch(`${srv.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await rt.services.db.query('SELECT username FROM users ORDER BY username')).toEqual([
        { username: 'alice' },
      ]);
    } finally {
      await srv.close();
    }
  });

  it('refuses plain ldap:// to another host at start, naming the setting', () => {
    expect(() =>
      resolveConfig([
        {
          ldap: {
            mode: 'openldap',
            url: 'ldap://ldap.contoso.example',
            bindDn: 'cn=x',
            bindPassword: 'y',
            baseDn,
          },
        },
      ]),
    ).toThrow(/setting ldap\.url: plain ldap:\/\//);
  });
});
