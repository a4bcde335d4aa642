// Group membership with nesting resolved: memberOf walking, level-by-level member search, or AD's in-chain rule.

import type { LdapClient } from './connection.ts';
import { resultCode } from './connection.ts';
import { texts } from './entry.ts';
import { escapeFilterValue } from './escape.ts';
import type { LdapConfig } from './ldap-config.ts';

/** AD's LDAP_MATCHING_RULE_IN_CHAIN: matches through any depth of nesting, evaluated by the DC. */
export const inChainRule = '1.2.840.113556.1.4.1941';
// Bounds the work one lookup can cause, whatever the directory's shape (cycles are cut by the seen set).
const maxGroups = 1000;
const orChunk = 50;

const normDn = (dn: string) => dn.toLowerCase().replace(/\s*([,=+])\s*/g, '$1');

function nameOf(dn: string, names: string[]): string {
  if (names[0]) return names[0];
  // Fallback: the value of the first RDN, unescaped enough for display.
  const m = /^[^=]+=((?:\\.|[^,+])*)/.exec(dn);
  return (m?.[1] ?? dn).replace(/\\(.)/g, '$1');
}

/**
 * The names (nameAttribute, cn by default) of every group the user belongs to directly or through nested groups,
 * sorted. `memberOf` are the user entry's memberOf values (used by the memberOf strategy).
 */
export async function resolveGroups(
  c: LdapClient,
  cfg: LdapConfig,
  userDn: string,
  memberOf: string[],
): Promise<string[]> {
  const g = cfg.groups;
  const found = new Map<string, string>();
  if (g.strategy === 'inChain') {
    const r = await c.search(g.baseDn, {
      scope: 'sub',
      filter: `(&${g.filter}(${g.memberAttribute}:${inChainRule}:=${escapeFilterValue(userDn)}))`,
      attributes: [g.nameAttribute],
      sizeLimit: maxGroups,
    });
    for (const e of r.searchEntries) found.set(normDn(e.dn), nameOf(e.dn, texts(e, g.nameAttribute)));
  } else if (g.strategy === 'memberOf') {
    let frontier = memberOf;
    for (let depth = 0; depth < g.maxDepth && frontier.length && found.size < maxGroups; depth++) {
      const next: string[] = [];
      for (const dn of frontier) {
        if (found.has(normDn(dn))) continue;
        const r = await c
          .search(dn, { scope: 'base', filter: g.filter, attributes: [g.nameAttribute, 'memberOf'] })
          .catch((err: unknown) => {
            // A memberOf value naming a deleted group (or one outside the service account's view) is skipped.
            if (resultCode(err) === 32) return { searchEntries: [], searchReferences: [] };
            throw err;
          });
        const e = r.searchEntries[0];
        if (!e) continue;
        found.set(normDn(dn), nameOf(dn, texts(e, g.nameAttribute)));
        next.push(...texts(e, 'memberOf'));
      }
      frontier = next;
    }
  } else {
    const seen = new Set([normDn(userDn)]);
    let frontier = [userDn];
    for (let depth = 0; depth < g.maxDepth && frontier.length && found.size < maxGroups; depth++) {
      const next: string[] = [];
      for (let i = 0; i < frontier.length; i += orChunk) {
        const any = frontier
          .slice(i, i + orChunk)
          .map((dn) => `(${g.memberAttribute}=${escapeFilterValue(dn)})`)
          .join('');
        const r = await c.search(g.baseDn, {
          scope: 'sub',
          filter: `(&${g.filter}(|${any}))`,
          attributes: [g.nameAttribute],
          sizeLimit: maxGroups,
        });
        for (const e of r.searchEntries) {
          const key = normDn(e.dn);
          if (seen.has(key)) continue;
          seen.add(key);
          found.set(key, nameOf(e.dn, texts(e, g.nameAttribute)));
          next.push(e.dn);
        }
      }
      frontier = next;
    }
  }
  return [...new Set(found.values())].sort();
}
