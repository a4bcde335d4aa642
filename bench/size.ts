// Widget size report: builds dist/widget/, prints every file's raw and gzip -9 size, each flow's total beside the Okta Sign-In Widget, and exits 1 over budget.
// Run: npm run bench:size
import { fileURLToPath } from 'node:url';
import { budgets, overBudget, type SizeReport } from '../widget/build/budget.ts';
import { buildWidgetWithSizes, consoleBudget, defaultOutDir } from '../widget/build/build-widget.ts';

/** okta-sign-in.min.js of Okta Sign-In Widget 7.49, gzip -9: the usual embeddable alternative, for scale. */
export const oktaGzip = 448 * 1024;

const kb = (n: number): string => `${(n / 1024).toFixed(2)} KB`;

/** A plain-text table; the first `text` columns align left, the numbers after them right. */
function table(head: string[], rows: string[][], text = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < text ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The report as text: files, then flows (each with regain.js, as a page loads them) against Okta. */
export function formatReport(r: SizeReport): string {
  const role = (name: string): [string, number | undefined] => {
    if (name === r.embed.name) return ['classic script', budgets.embed];
    if (/^console-[A-Z0-9]{8}\.js$/.test(name)) return ['admin console (all of it)', consoleBudget];
    const l = r.locales.find((x) => x.name === name);
    if (l) return [`${l.locale} catalog`, budgets.locale];
    const flows = r.flows.filter((f) => f.files.includes(name)).map((f) => f.name);
    return [flows.length ? `flow: ${flows.join(', ')}` : 'lazy chunk', undefined];
  };
  const files = table(
    ['file', 'part of', 'raw', 'gzip -9', 'budget'],
    r.files.map((f) => {
      const [what, budget] = role(f.name);
      return [f.name, what, kb(f.bytes), kb(f.gzip), budget ? kb(budget) : ''];
    }),
    2,
  );
  const flows = table(
    ['flow (JS + CSS, English built in)', 'raw', 'gzip -9', 'budget', '+ regain.js', 'Okta 7.49 / this'],
    r.flows.map((f) => [
      `${f.name} (${f.files.length} files)`,
      kb(f.bytes),
      kb(f.gzip),
      kb(budgets.flow),
      kb(f.gzip + r.embed.gzip),
      `${(oktaGzip / (f.gzip + r.embed.gzip)).toFixed(1)}×`,
    ]),
  );
  return `${files}\n\n${flows}\n\nOkta Sign-In Widget 7.49 okta-sign-in.min.js: ${kb(oktaGzip)} gzip -9`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { sizes } = await buildWidgetWithSizes(process.argv[2] ?? defaultOutDir, { enforceBudgets: false });
  console.log(formatReport(sizes));
  const over = overBudget(sizes);
  if (over.length) {
    console.error(`\nover budget:\n  ${over.join('\n  ')}`);
    process.exit(1);
  }
}
