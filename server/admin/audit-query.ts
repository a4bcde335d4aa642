// Reading the audit log for admins: filters, keyset pagination, and CSV for spreadsheets.
import type { z } from 'zod';
import type { AuditEvent, auditQuery } from '../../api/admin.ts';
import { canonicalUsername } from '../directory/canonical.ts';
import type { Services } from '../services.ts';

export async function queryAudit(
  s: Services,
  f: z.output<typeof auditQuery>,
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: (string | Date | number)[] = [];
  const add = (sql: string, v: string | Date | number) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.from) add('a.at >= ?', new Date(f.from));
  if (f.to) add('a.at < ?', new Date(f.to));
  if (f.kind) add('a.kind = ?', f.kind);
  if (f.result) add('a.result = ?', f.result);
  if (f.cursor) add('a.id < ?', f.cursor);
  if (f.user) {
    const p = await s.policies.get();
    const canonical = canonicalUsername(f.user, p.organization.domains);
    const user = await s.directory.findUser(canonical);
    add(user ? 'a.user_id = ?' : 'a.subject_hmac = ?', user ? user.id : s.keys.stableHmac('user', canonical));
  }
  params.push(f.limit + 1);
  const rows = await s.db.query<{
    id: string;
    at: Date;
    kind: string;
    actor: string | null;
    username: string | null;
    subject_hmac: string | null;
    ip: string | null;
    user_agent: string | null;
    method: string | null;
    result: AuditEvent['result'];
    detail: string;
    data: unknown;
  }>(
    `SELECT a.id::text, a.at, a.kind, a.actor, u.username, a.subject_hmac, a.ip, a.user_agent, a.method, a.result, a.detail, a.data
     FROM audit a LEFT JOIN users u ON u.id = a.user_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  return {
    events: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      kind: r.kind,
      actor: r.actor,
      user: r.username,
      subjectHmac: r.subject_hmac,
      ip: r.ip,
      userAgent: r.user_agent,
      method: r.method,
      result: r.result,
      detail: r.detail,
      data: r.data ?? null,
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

const csvColumns = [
  'id',
  'at',
  'kind',
  'actor',
  'user',
  'subjectHmac',
  'ip',
  'userAgent',
  'method',
  'result',
  'detail',
] as const;

/** RFC 4180 CSV; cells that a spreadsheet would run as formulas are prefixed with a quote (CSV injection). */
export function auditCsv(events: AuditEvent[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    [csvColumns.join(','), ...events.map((e) => csvColumns.map((k) => cell(e[k])).join(','))].join('\r\n') +
    '\r\n'
  );
}
