// Widget size budget: builds dist/widget/ and prints each file's minified and gzip -9 size; exits 1 over budget.
// Run: npm run bench:widget
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget, defaultOutDir } from '../widget/build/build-widget.ts';

/** Budgets in bytes, min+gzip -9 (DESIGN.md "Widget embedding"). */
export const budgets = { embed: 6 * 1024, flows: 30 * 1024 };
const okta = 448 * 1024;

export interface SizeReport {
  files: { name: string; bytes: number; gzip: number }[];
  embedGzip: number;
  flowsGzip: number;
  overBudget: string[];
}

/** Builds the widget and measures it against the budgets. */
export async function measureWidget(outDir = defaultOutDir, limits = budgets): Promise<SizeReport> {
  const manifest = await buildWidget(outDir);
  const files: SizeReport['files'] = [];
  for (const name of Object.keys(manifest.files)) {
    const body = await readFile(join(outDir, name));
    files.push({ name, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  const embedGzip = files.find((f) => f.name === 'regain.js')?.gzip ?? 0;
  const flowsGzip = files
    .filter((f) => f.name !== 'regain.js' && /\.(js|css)$/.test(f.name))
    .reduce((n, f) => n + f.gzip, 0);
  const overBudget: string[] = [];
  if (embedGzip > limits.embed) overBudget.push(`regain.js ${embedGzip} B > ${limits.embed} B`);
  if (flowsGzip > limits.flows) overBudget.push(`flows ${flowsGzip} B > ${limits.flows} B`);
  return { files, embedGzip, flowsGzip, overBudget };
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`.padStart(10);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await measureWidget();
  console.log(`${'file'.padEnd(28)}${'min'.padStart(10)}${'min+gz-9'.padStart(10)}`);
  for (const f of r.files) console.log(`${f.name.padEnd(28)}${kb(f.bytes)}${kb(f.gzip)}`);
  console.log(`${'regain.js (budget 6 KB)'.padEnd(38)}${kb(r.embedGzip)}`);
  console.log(`${'all flow JS + CSS (budget 30 KB)'.padEnd(38)}${kb(r.flowsGzip)}`);
  console.log(`${'Okta Sign-In Widget 7.49 (for scale)'.padEnd(38)}${kb(okta)}`);
  if (r.overBudget.length) {
    console.error(`over budget: ${r.overBudget.join('; ')}`);
    process.exit(1);
  }
}
