// The widget's size budgets on a fresh build (regain.js ≤ 6 KB, each flow ≤ 30 KB, each catalog ≤ 4 KB, min + gzip -9), and that the check bites.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../bench/size.ts';
import { assertWithinBudget, budgets, overBudget, type SizeReport } from '../../widget/build/budget.ts';
import { buildWidgetWithSizes, type WidgetManifest } from '../../widget/build/build-widget.ts';

describe('widget size budget', () => {
  let dir = '';
  let manifest: WidgetManifest;
  let sizes: SizeReport;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regain-widget-'));
    // Enforcing: the build itself throws if anything is over budget.
    ({ manifest, sizes } = await buildWidgetWithSizes(dir));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps regain.js, every flow and every catalog within budget', () => {
    expect(sizes.embed.name).toBe('regain.js');
    expect(sizes.embed.gzip).toBeGreaterThan(0);
    expect(sizes.embed.gzip).toBeLessThanOrEqual(budgets.embed);
    expect(sizes.flows.map((f) => f.name)).toContain('reset');
    for (const f of sizes.flows) expect(f.gzip, f.name).toBeLessThanOrEqual(budgets.flow);
    for (const l of sizes.locales) expect(l.gzip, l.locale).toBeLessThanOrEqual(budgets.locale);
    expect(overBudget(sizes)).toEqual([]);
  });

  it('splits each language into its own lazily loaded chunk, listed with SRI', async () => {
    expect(Object.keys(manifest.locales).sort()).toEqual(['ar', 'de', 'es', 'fr', 'ja']);
    for (const [lang, file] of Object.entries(manifest.locales)) {
      expect(file).toMatch(new RegExp(`^${lang}-[A-Z0-9]{8}\\.js$`));
      expect(manifest.files[file]?.integrity).toMatch(/^sha384-/);
      // No flow loads a catalog before it draws: they stay out of every static closure.
      for (const files of Object.values(manifest.flows)) expect(files).not.toContain(file);
    }
    const reset = manifest.flows.reset!;
    expect(reset[0]).toBe(manifest.entries.reset);
    const flowJs = (await Promise.all(reset.map((f) => readFile(join(dir, f), 'utf8')))).join('');
    expect(flowJs).toContain('Reset your password');
    expect(flowJs).not.toContain('Passwort zurücksetzen');
    // Written as UTF-8, not \u escapes that would double the size of the Japanese and Arabic catalogs.
    expect(await readFile(join(dir, manifest.locales.ja!), 'utf8')).toContain('パスワード');
  });

  it('tells regain.js where each flow chunk is', async () => {
    const embed = await readFile(join(dir, 'regain.js'), 'utf8');
    expect(embed).toContain(`./${manifest.entries.reset}`);
    expect(embed).not.toContain('__REGAIN_CHUNKS__');
  });

  it('names each file over its budget with its size and the budget', () => {
    const tiny = { embed: 100, flow: 1000, locale: 200 };
    const over = overBudget(sizes, tiny);
    expect(over).toHaveLength(1 + sizes.flows.length + sizes.locales.length);
    expect(over[0]).toMatch(
      /^regain\.js is \d+\.\d\d KB \(\d+ B\) gzip, over its budget of 0\.10 KB \(100 B\)$/,
    );
    expect(over.some((l) => l.startsWith(`flow reset (${manifest.entries.reset} + `))).toBe(true);
    expect(over.some((l) => l.startsWith(`ja catalog ${manifest.locales.ja} is `))).toBe(true);
  });

  it('fails a build report with one over-budget file, and only for that file', () => {
    const report: SizeReport = {
      files: [],
      embed: { name: 'regain.js', bytes: 9000, gzip: 3000 },
      flows: [
        { name: 'reset', files: ['reset-AAAAAAAA.js', 'chunk-BBBBBBBB.js'], bytes: 90_000, gzip: 20_000 },
      ],
      locales: [{ locale: 'de', name: 'de-CCCCCCCC.js', bytes: 20_000, gzip: 4097 }],
    };
    expect(overBudget(report)).toEqual([
      'de catalog de-CCCCCCCC.js is 4.00 KB (4097 B) gzip, over its budget of 4.00 KB (4096 B)',
    ]);
    expect(() => assertWithinBudget(report)).toThrow(/de-CCCCCCCC\.js is 4\.00 KB \(4097 B\).*4096 B/);
    const fits = { ...report, locales: [{ ...report.locales[0]!, gzip: 4096 }] };
    expect(() => assertWithinBudget(fits)).not.toThrow();
  });

  it('prints a table with every file and each flow beside Okta', () => {
    const text = formatReport(sizes);
    for (const f of sizes.files) expect(text).toContain(f.name);
    expect(text).toMatch(/reset \(\d files\).*×/);
    expect(text).toContain('448.00 KB');
  });
});
