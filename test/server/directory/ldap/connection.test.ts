// Opening connections: a server that accepts StartTLS and then stalls the handshake is given up on in time.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryUnavailableError } from '../../../../server/directory/directory.ts';
import { parseLdapConfig } from '../../../../server/directory/ldap/ldap-config.ts';
import { LdapDirectory } from '../../../../server/directory/ldap/ldap-directory.ts';

// LDAPMessage { messageID (the request's, one byte), extendedResp { success, matchedDN "", diagnosticMessage "" } }.
const startTlsOk = (request: Buffer) =>
  Buffer.from([0x30, 0x0c, 0x02, 0x01, request[4]!, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]);

describe('connecting', () => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  const listen = (onData: (s: Socket, first: Buffer) => void) =>
    new Promise<number>((resolve) => {
      server = createServer((s) => {
        sockets.add(s);
        s.once('data', (d: Buffer) => onData(s, d));
      });
      server.listen(0, '127.0.0.1', () => {
        const a = server?.address();
        resolve(typeof a === 'object' && a ? a.port : 0);
      });
    });

  const directory = (port: number) =>
    new LdapDirectory(
      parseLdapConfig({
        mode: 'openldap',
        url: `ldap://127.0.0.1:${port}`,
        startTls: true,
        bindDn: 'cn=regain,dc=contoso,dc=example',
        bindPassword: 'secret',
        baseDn: 'dc=contoso,dc=example',
        connectTimeoutMs: 200,
        timeoutMs: 300,
      }),
    );

  it('gives up on a TLS handshake the server never finishes', async () => {
    let handshake = false;
    const port = await listen((s, request) => {
      s.write(startTlsOk(request));
      // The next bytes are the client's TLS ClientHello (a handshake record, 0x16), which is never answered.
      s.once('data', (d: Buffer) => {
        handshake = d[0] === 0x16;
      });
    });
    const t0 = Date.now();
    await expect(directory(port).ping()).rejects.toThrow(/no answer within 500 ms/);
    expect(handshake).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('gives up on a server that never answers', async () => {
    const port = await listen(() => {});
    const t0 = Date.now();
    await expect(directory(port).findUser('alice')).rejects.toBeInstanceOf(DirectoryUnavailableError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
