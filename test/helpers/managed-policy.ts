// Writes and removes the test suites' Chromium managed-policy files (regain-test-<suite>-*.json) and nothing else there.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Debian's Chromium reads every *.json here as mandatory machine policy at start-up (we run as root). */
export const chromiumPolicyDir = '/etc/chromium/policies/managed';
/** Who wrote a file: the extension's browser tests (`core`) or packaging, force-install and the bench (`pkg`). */
export type PolicySuite = 'core' | 'pkg';
const prefixOf = (suite?: PolicySuite) => (suite ? `regain-test-${suite}-` : 'regain-test-');

async function ours(suite?: PolicySuite): Promise<string[]> {
  try {
    return (await readdir(chromiumPolicyDir)).filter(
      (n) => n.startsWith(prefixOf(suite)) && n.endsWith('.json'),
    );
  } catch {
    return [];
  }
}

export async function writeManagedPolicy(
  name: string,
  policy: unknown,
  suite: PolicySuite = 'pkg',
): Promise<string> {
  await mkdir(chromiumPolicyDir, { recursive: true });
  const path = join(chromiumPolicyDir, `${prefixOf(suite)}${name}.json`);
  await writeFile(path, JSON.stringify(policy, null, 2));
  return path;
}

/** Writes the extension's managed storage (`3rdparty.extensions.<id>`) as one policy file. */
export function writeExtensionPolicy(
  name: string,
  extensionId: string,
  values: Record<string, unknown>,
  suite: PolicySuite = 'core',
): Promise<string> {
  return writeManagedPolicy(name, { '3rdparty': { extensions: { [extensionId]: values } } }, suite);
}

/** Removes one suite's files, or every regain-test-* file: other policy files stay untouched. */
export async function removeManagedPolicies(suite?: PolicySuite): Promise<void> {
  for (const n of await ours(suite)) await rm(join(chromiumPolicyDir, n), { force: true });
}

/**
 * Chromium merges every file in the policy folder, so another suite's policy for the same extension id would mix
 * into ours. Waits for such files to go; fails with their names if they stay.
 */
export async function waitForForeignPolicies(suite: PolicySuite, timeoutMs = 90_000): Promise<void> {
  const foreign = async () => (await ours()).filter((n) => !n.startsWith(prefixOf(suite)));
  const until = Date.now() + timeoutMs;
  while ((await foreign()).length && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
  const left = await foreign();
  if (left.length) throw new Error(`other policy files configure the extension too: ${left.join(', ')}`);
}
