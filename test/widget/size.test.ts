// The widget's size budget, measured on a fresh build: regain.js ≤ 6 KB and all flow JS + CSS ≤ 30 KB, min+gzip -9.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { budgets, measureWidget } from '../../bench/widget-size.ts';

describe('widget size budget', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stays within budget', async () => {
    dir = await mkdtemp(join(tmpdir(), 'regain-widget-'));
    const r = await measureWidget(dir);
    expect(r.files.map((f) => f.name)).toContain('regain.js');
    expect(r.embedGzip).toBeGreaterThan(0);
    expect(r.embedGzip).toBeLessThanOrEqual(budgets.embed);
    expect(r.flowsGzip).toBeLessThanOrEqual(budgets.flows);
    expect(r.overBudget).toEqual([]);
  });

  it('reports a file that grows over its budget', async () => {
    const r = await measureWidget(dir, { embed: 100, flows: 1000 });
    expect(r.overBudget).toHaveLength(2);
    expect(r.overBudget[0]).toMatch(/^regain\.js \d+ B > 100 B$/);
  });
});
