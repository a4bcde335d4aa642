// Extension cost benchmark: main-thread time the content script adds to the demo sign-in page, and scripts on an unlisted page.
// Run: npm run bench:extension. Env: EXT_LOADS (20 recorded loads per arm), EXT_WARMUP (3 unrecorded loads per arm).
// Arms, interleaved load by load: the same Chromium flags and demo page (/plain) without the extension, with it
// loaded and configured by managed policy for that page, and with it under the sampling profiler, which splits
// the time by script URL (and slows what it samples). Per load: a fresh tab, Performance metrics before navigation and once the page settled
// (load plus 500 ms; the extension arm then checks that the link is there), the difference recorded.
// Exits 1 when any extension script runs on /unlisted, a page no policy lists.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium } from 'playwright-core';
import { extensionIdFromKey } from '../extension/lib/extension-id.ts';
import { chromiumFlags } from '../test/helpers/chromium.ts';
import { reloadPoliciesUntil } from '../test/helpers/chromium-managed.ts';
import { startDemoFor } from '../test/helpers/demo.ts';
import { unpackedBuilds } from '../test/helpers/extension-builds.ts';
import { removeManagedPolicies, writeManagedPolicy } from '../test/helpers/managed-policy.ts';
import { startService } from '../test/helpers/service.ts';
import { mannWhitney, quantile } from './lib/stats.ts';
import { fixed, formatTable } from './lib/table.ts';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

const loads = envInt('EXT_LOADS', 20);
const warmup = envInt('EXT_WARMUP', 3);
const settleMs = 500;

interface LoadSample {
  taskMs: number;
  scriptMs: number;
  /** Self time of chrome-extension:// frames in the profile (profiled arm only). */
  extensionScriptMs?: number;
}

async function launch(profile: string, extensionDir?: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      ...chromiumFlags,
      ...(extensionDir
        ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
        : []),
    ],
  });
}

async function metrics(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics: m } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return new Map(m.map((x) => [x.name, x.value]));
}

interface ProfileNode {
  id: number;
  callFrame: { url: string };
}

/** Self time per node from the sample timeline, summed over nodes whose script is the extension's. */
function extensionSelfMs(profile: {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}): number {
  const ext = new Set(
    profile.nodes.filter((n) => n.callFrame.url.startsWith('chrome-extension://')).map((n) => n.id),
  );
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let us = 0;
  // Each sample's node ran for the delta until the next sample.
  for (let i = 0; i < samples.length; i++) if (ext.has(samples[i]!)) us += deltas[i + 1] ?? 0;
  return us / 1000;
}

async function oneLoad(
  context: BrowserContext,
  url: string,
  opts: { waitForLink: boolean; profile: boolean },
): Promise<LoadSample> {
  const page = await context.newPage();
  // Metrics are per renderer and cumulative: start from a same-origin page so the sign-in page loads in the
  // renderer already measured, and count only what its load adds.
  await page.goto(new URL('/robots.txt', url).href);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (opts.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const before = await metrics(cdp);
  await page.goto(url, { waitUntil: 'load' });
  // A fixed settle rather than waiting on a selector: Playwright's selector polling runs on the page's main
  // thread and would bill the extension arm for the wait itself. The link is checked after the reading.
  await page.waitForTimeout(settleMs);
  const after = await metrics(cdp);
  if (opts.waitForLink && (await page.locator('regain-extension-link, #regain-tiny-help').count()) === 0) {
    throw new Error(`the link was not there ${settleMs} ms after load: raise the settle time`);
  }
  let extensionScriptMs: number | undefined;
  if (opts.profile) {
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] };
    };
    extensionScriptMs = extensionSelfMs(profile);
  }
  await cdp.detach();
  await page.close();
  const d = (k: string) => ((after.get(k) ?? 0) - (before.get(k) ?? 0)) * 1000;
  return {
    taskMs: d('TaskDuration'),
    scriptMs: d('ScriptDuration'),
    ...(extensionScriptMs !== undefined ? { extensionScriptMs } : {}),
  };
}

/** Loads alternate between the arms, so drift in a shared machine's load lands on both alike. */
async function interleaved(
  arms: { context: BrowserContext; opts: { waitForLink: boolean; profile: boolean } }[],
  url: string,
): Promise<LoadSample[][]> {
  for (let i = 0; i < warmup; i++) for (const a of arms) await oneLoad(a.context, url, a.opts);
  const out: LoadSample[][] = arms.map(() => []);
  for (let i = 0; i < loads; i++)
    for (const [k, a] of arms.entries()) out[k]!.push(await oneLoad(a.context, url, a.opts));
  return out;
}

/** Extension isolated worlds and chrome-extension:// scripts seen while loading `url` in a fresh tab. */
async function extensionScriptsOn(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let n = 0;
  cdp.on('Runtime.executionContextCreated', (e) => {
    const c = e.context as { origin?: string; auxData?: { type?: string } };
    if (c.auxData?.type === 'isolated' && c.origin?.startsWith('chrome-extension://')) n++;
  });
  cdp.on('Debugger.scriptParsed', (e) => {
    if (String((e as { url?: string }).url ?? '').startsWith('chrome-extension://')) n++;
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Debugger.enable');
  await page.goto(url, { waitUntil: 'load' });
  // document_idle comes after load: give a wrongly registered script the time to show up.
  await page.waitForTimeout(1000);
  await cdp.detach();
  await page.close();
  return n;
}

async function main(): Promise<number> {
  const work = await mkdtemp(join(tmpdir(), 'regain-bench-ext-'));
  const builds = await unpackedBuilds(join(work, 'build'), { firefox: false });
  const manifest = JSON.parse(await readFile(join(builds.chromeDir, 'manifest.json'), 'utf8')) as {
    key?: string;
  };
  if (!manifest.key) throw new Error('the Chrome build has no manifest key; the policy needs the id');
  const id = await extensionIdFromKey(manifest.key);
  // The extension's pages and background call the service from the extension's origin.
  const t = await startService('pglite', { config: { corsOrigins: [`chrome-extension://${id}`] } });
  const demo = await startDemoFor(t);
  const contexts: BrowserContext[] = [];
  try {
    await removeManagedPolicies('pkg');
    // An unpacked extension's schema is known at start-up, so policy written before launch reaches it at once.
    await writeManagedPolicy('bench', {
      '3rdparty': {
        extensions: {
          [id]: {
            serviceUrl: t.url,
            signInPages: [
              { match: `${demo.url}/plain*`, usernameSelector: '#username', passwordSelector: '#password' },
            ],
          },
        },
      },
    });
    const plain = `${demo.url}/plain`;
    const without = await launch(join(work, 'p-without'));
    contexts.push(without);
    const withExt = await launch(join(work, 'p-with'), builds.chromeDir);
    contexts.push(withExt);
    // A new profile registers the extension's schema after Chromium's first policy read, so its managed values
    // arrive only with a reload; then the background registers the script. Time nothing before the first link.
    await reloadPoliciesUntil(withExt, 'serviceUrl');
    const first = await withExt.newPage();
    await first.goto(plain);
    await first.waitForSelector('regain-extension-link, #regain-tiny-help', {
      state: 'attached',
      timeout: 20_000,
    });
    await first.close();

    const [base = [], ext = [], prof = []] = await interleaved(
      [
        { context: without, opts: { waitForLink: false, profile: false } },
        { context: withExt, opts: { waitForLink: true, profile: false } },
        { context: withExt, opts: { waitForLink: true, profile: true } },
      ],
      plain,
    );
    const unlistedCounts: number[] = [];
    for (let i = 0; i < 5; i++)
      unlistedCounts.push(await extensionScriptsOn(withExt, `${demo.url}/unlisted`));
    const plainCount = await extensionScriptsOn(withExt, plain);

    const row = (label: string, xs: number[]) => [
      label,
      fixed(quantile(xs, 0.5), 2),
      fixed(quantile(xs, 0.95), 2),
    ];
    const task = (s: LoadSample[]) => s.map((x) => x.taskMs);
    const script = (s: LoadSample[]) => s.map((x) => x.scriptMs);
    console.log(
      `Regain extension on the demo sign-in page (${builds.real ? 'real build' : 'stand-in build'}), ${loads} loads per arm, ${warmup} warm-up\n`,
    );
    console.log(
      formatTable(
        ['main thread, ms per load', 'p50', 'p95'],
        [
          row('TaskDuration without extension', task(base)),
          row('TaskDuration with extension', task(ext)),
          row('ScriptDuration without extension', script(base)),
          row('ScriptDuration with extension', script(ext)),
          row(
            'extension scripts, self time under profiler',
            prof.map((x) => x.extensionScriptMs ?? 0),
          ),
        ],
      ),
    );
    const dTask = quantile(task(ext), 0.5) - quantile(task(base), 0.5);
    const dScript = quantile(script(ext), 0.5) - quantile(script(base), 0.5);
    const mwTask = mannWhitney(task(ext), task(base));
    console.log(
      `\nmedian difference: TaskDuration ${fixed(dTask, 2)} ms, ScriptDuration ${fixed(dScript, 2)} ms ` +
        `(Mann-Whitney on TaskDuration p=${mwTask.p.toPrecision(2)})`,
    );
    console.log(
      `extension scripts on /unlisted: ${unlistedCounts.join(', ')} over ${unlistedCounts.length} loads (must be 0); on /plain: ${plainCount}`,
    );
    if (unlistedCounts.some((n) => n > 0)) {
      console.error('FAIL: an extension script ran on a page no policy lists');
      return 1;
    }
    if (plainCount === 0) {
      console.error(
        'FAIL: no extension script on the configured page: the measurement above measured nothing',
      );
      return 1;
    }
    return 0;
  } finally {
    for (const c of contexts) await c.close();
    await removeManagedPolicies('pkg');
    await demo.close();
    await t.close();
    await rm(work, { recursive: true, force: true });
  }
}

process.exit(await main());
