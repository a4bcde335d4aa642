// The widget's size budgets (DESIGN.md "Widget embedding") and the pure check of a size report against them.

/** Budgets in bytes, minified then gzip -9. */
export interface Budgets {
  /** regain.js, the classic script every page loads. */
  embed: number;
  /** Everything one flow loads before it draws: its entry chunk and the shared chunks it imports statically. */
  flow: number;
  /** One language catalog, loaded lazily. */
  locale: number;
}
export const budgets: Budgets = { embed: 6 * 1024, flow: 30 * 1024, locale: 4 * 1024 };

export interface FileSize {
  name: string;
  bytes: number;
  gzip: number;
}
export interface FlowSize {
  /** The entry's name: `reset`, `registration`, `change-password`. */
  name: string;
  /** The entry chunk first, then the chunks it imports statically. */
  files: string[];
  bytes: number;
  gzip: number;
}
export interface LocaleSize extends FileSize {
  locale: string;
}
export interface SizeReport {
  /** Every JS and CSS file of the build. */
  files: FileSize[];
  embed: FileSize;
  flows: FlowSize[];
  locales: LocaleSize[];
}

const kb = (n: number): string => `${(n / 1024).toFixed(2)} KB (${n} B)`;

/** One line per file or flow over its budget, naming it, its gzip size and the budget; empty when all fit. */
export function overBudget(r: SizeReport, b: Budgets = budgets): string[] {
  const out: string[] = [];
  if (r.embed.gzip > b.embed)
    out.push(`${r.embed.name} is ${kb(r.embed.gzip)} gzip, over its budget of ${kb(b.embed)}`);
  for (const f of r.flows)
    if (f.gzip > b.flow)
      out.push(
        `flow ${f.name} (${f.files.join(' + ')}) is ${kb(f.gzip)} gzip, over its budget of ${kb(b.flow)}`,
      );
  for (const l of r.locales)
    if (l.gzip > b.locale)
      out.push(`${l.locale} catalog ${l.name} is ${kb(l.gzip)} gzip, over its budget of ${kb(b.locale)}`);
  return out;
}

/** Throws one error listing every file over its budget. */
export function assertWithinBudget(r: SizeReport, b: Budgets = budgets): void {
  const over = overBudget(r, b);
  if (over.length) throw new Error(`widget size budget exceeded (min + gzip -9):\n  ${over.join('\n  ')}`);
}
