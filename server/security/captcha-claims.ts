// The one statement that claims a captcha solution in the database: the replay store runs it alone, the reset
// start runs it inside its admission statement, so a solution can be used once either way.

/** Claims solution `id` (until `expires`) when `when` holds; returns its row only for the first claim. */
export function claimSql(p: { id: string; expires: string }, when?: string): string {
  return `INSERT INTO captcha_claims (id, expires_at) SELECT ${p.id}::text, ${p.expires}::timestamptz${when ? ` WHERE ${when}` : ''}
     ON CONFLICT (id) DO NOTHING RETURNING id`;
}
