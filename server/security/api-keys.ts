// API keys for admin and ticket calls: shown once, stored as hashes, optionally bound to CIDRs.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { Queryable } from '../store/db.ts';
import { hashToken } from './tokens.ts';

export type KeyScope = 'admin' | 'tickets';

export interface ApiKeyInfo {
  id: string;
  prefix: string;
  scope: KeyScope;
  name: string;
  cidrs: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Creates a key; the returned secret is never stored or shown again. */
export async function createApiKey(
  q: Queryable,
  k: { scope: KeyScope; name: string; cidrs?: string[]; now: number; secret?: string },
): Promise<{ id: string; key: string }> {
  for (const c of k.cidrs ?? []) if (!ipaddr.isValidCIDR(c)) throw new Error(`"${c}" is not a CIDR`);
  const key = k.secret ?? `rgk_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`;
  const m = /^rgk_([0-9a-f]{12})_[A-Za-z0-9_-]{32,}$/.exec(key);
  if (!m) throw new Error('an API key looks like rgk_<12 hex>_<at least 32 base64url characters>');
  const id = randomUUID();
  await q.query(
    `INSERT INTO api_keys (id, prefix, secret_hash, scope, name, cidrs, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, m[1] ?? '', hashToken(key), k.scope, k.name, JSON.stringify(k.cidrs ?? []), new Date(k.now)],
  );
  return { id, key };
}

/** A live key, usable from the caller's address; null for unknown, revoked, malformed or out-of-range keys. */
export async function identifyApiKey(
  q: Queryable,
  key: string,
  ip: string,
  now: number,
): Promise<{ id: string; prefix: string; scope: KeyScope } | null> {
  const m = /^rgk_([0-9a-f]{12})_/.exec(key);
  if (!m) return null;
  const prefix = m[1] ?? '';
  const [row] = await q.query<{
    id: string;
    secret_hash: string;
    scope: KeyScope;
    cidrs: string[];
    revoked_at: Date | null;
  }>('SELECT id, secret_hash, scope, cidrs, revoked_at FROM api_keys WHERE prefix = $1', [prefix]);
  if (!row || row.revoked_at) return null;
  const a = Buffer.from(row.secret_hash);
  const b = Buffer.from(hashToken(key));
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  if (row.cidrs.length) {
    if (!ipaddr.isValid(ip)) return null;
    const addr = ipaddr.process(ip);
    if (
      !row.cidrs.some((c) => {
        const [net, bits] = ipaddr.parseCIDR(c);
        return addr.kind() === net.kind() && addr.match(net, bits);
      })
    )
      return null;
  }
  await q.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [row.id, new Date(now)]);
  return { id: row.id, prefix, scope: row.scope };
}

export async function listApiKeys(q: Queryable): Promise<ApiKeyInfo[]> {
  const rows = await q.query<{
    id: string;
    prefix: string;
    scope: KeyScope;
    name: string;
    cidrs: string[];
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>(
    'SELECT id, prefix, scope, name, cidrs, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at',
  );
  return rows.map((r) => ({
    id: r.id,
    prefix: r.prefix,
    scope: r.scope,
    name: r.name,
    cidrs: r.cidrs,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeApiKey(q: Queryable, idOrPrefix: string, now: number): Promise<boolean> {
  const rows = await q.query(
    'UPDATE api_keys SET revoked_at = $2 WHERE (id::text = $1 OR prefix = $1) AND revoked_at IS NULL RETURNING id',
    [idOrPrefix, new Date(now)],
  );
  return rows.length > 0;
}

/** Installs the bootstrap admin key only while no live admin key exists. */
export async function bootstrapAdminKey(q: Queryable, key: string, now: number): Promise<boolean> {
  const [live] = await q.query("SELECT 1 FROM api_keys WHERE scope = 'admin' AND revoked_at IS NULL LIMIT 1");
  if (live) return false;
  await createApiKey(q, { scope: 'admin', name: 'bootstrap', now, secret: key });
  return true;
}
