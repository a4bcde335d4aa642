// Opening LDAP connections: failover over the configured URLs, verified TLS (LDAPS or StartTLS), no silent reconnects.
import net, { isIP } from 'node:net';
import tls, { type ConnectionOptions } from 'node:tls';
import {
  type Change,
  Client,
  type ClientOptions,
  type Control,
  ResultCodeError,
  type SearchOptions,
  type SearchResult,
} from 'ldapts';
import { DirectoryRejectedError, DirectoryUnavailableError } from '../directory.ts';
import type { LdapConfig } from './ldap-config.ts';

/** The part of the ldapts client the directory uses; tests substitute a fake to capture requests. */
export interface LdapClient {
  startTLS(options?: ConnectionOptions): Promise<void>;
  bind(dn: string, password?: string): Promise<void>;
  search(baseDn: string, options?: SearchOptions): Promise<SearchResult>;
  modify(dn: string, changes: Change | Change[], controls?: Control | Control[]): Promise<void>;
  exop(
    oid: string,
    value?: Buffer | string,
    controls?: Control | Control[],
  ): Promise<{ oid?: string; value?: string }>;
  unbind(): Promise<void>;
}

export type ClientFactory = (options: ClientOptions) => LdapClient;

export const defaultClientFactory: ClientFactory = (options) => new Client(options);

/** The LDAP result code of an error the server answered with, or undefined for network and TLS failures. */
export function resultCode(err: unknown): number | undefined {
  return err instanceof ResultCodeError ? err.code : undefined;
}

/** The server's diagnostic message without the client's " Code: 0x.." suffix. */
export function diagnostic(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
}

/** Wraps anything but the directory's own errors as DirectoryUnavailableError, keeping the cause. */
export function unavailable(err: unknown, what: string): Error {
  if (err instanceof DirectoryUnavailableError || err instanceof DirectoryRejectedError) return err;
  const code = resultCode(err);
  const detail = diagnostic(err) || (err instanceof Error ? err.name : String(err));
  const message = `${what}: ${detail}${code === undefined ? '' : ` (LDAP result ${code})`}`;
  return new DirectoryUnavailableError(message, { cause: err });
}

// connectTimeout covers reaching the server and the LDAPS handshake, timeout each request; a StartTLS handshake
// the server never finishes is covered by neither, so the whole opening gets a deadline too.
function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

// ldapts reconnects a closed socket on the next request; after StartTLS that new socket would be plain text, and it
// would be unauthenticated either way. Allowing each transport to be created once turns that into an error instead.
function once<A extends unknown[], R>(f: (...args: A) => R, what: string): (...args: A) => R {
  let used = false;
  return (...args: A) => {
    if (used) throw new Error(`${what}: the LDAP connection closed; it is not reopened silently`);
    used = true;
    return f(...args);
  };
}

/**
 * Connects to the first configured URL that answers and binds, upgrading ldap:// with StartTLS first when configured.
 * TLS always verifies the certificate chain (against `ca` when given) and the host name. A URL that cannot be
 * reached is skipped; an answer from the server (e.g. invalid credentials) is thrown as it is, for the caller to map.
 */
export async function connectAndBind(
  cfg: LdapConfig,
  ca: Buffer | undefined,
  factory: ClientFactory,
  dn: string,
  password: string,
): Promise<LdapClient> {
  let last: unknown;
  for (const url of cfg.urls) {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const servername = cfg.tlsServerName ?? (isIP(host) ? undefined : host);
    const tlsOptions: ConnectionOptions = {
      ...(ca ? { ca } : {}),
      host,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    };
    const secure = u.protocol === 'ldaps:';
    const client = factory({
      url,
      connectTimeout: cfg.connectTimeoutMs,
      timeout: cfg.timeoutMs,
      // ldapts treats any tlsOptions as "connect with TLS", so they go here only for ldaps://.
      ...(secure ? { tlsOptions } : {}),
      createConnection: once(net.connect, url) as typeof net.connect,
      createSecureConnection: once(tls.connect, url) as typeof tls.connect,
    });
    const open = async () => {
      if (!secure && cfg.startTls) await client.startTLS(tlsOptions);
      await client.bind(dn, password);
    };
    const opening = open();
    try {
      await deadline(opening, cfg.connectTimeoutMs + cfg.timeoutMs, url);
      return client;
    } catch (err) {
      // Not awaited: a server that stopped answering would hold the unbind up as well. Once a late opening
      // settles, its connection is closed too.
      const close = () => client.unbind().catch(() => {});
      void close();
      void opening.then(close, close);
      if (resultCode(err) !== undefined) throw err;
      last = err;
    }
  }
  throw unavailable(last, `cannot connect to ${cfg.urls.join(', ')}`);
}
