// Captcha benchmark: solve times of the widget's ALTCHA solver in headless Chromium, against altcha-lib in Node, to tune the cost.
// Run: node --import tsx bench/captcha.ts [--samples=15] [--tune-samples=7]
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import {
  type CaptchaVerifier,
  createCaptcha,
  defaultCaptchaCost,
  defaultCaptchaCounterMax,
} from '../server/security/captcha.ts';
import { createMemoryReplayStore } from '../server/security/captcha-memory-replay-store.ts';
import { launchChromium } from '../test/helpers/chromium.ts';
import type { AltchaChallenge } from '../widget/captcha/solve-altcha.ts';
import type { BenchSolveResult } from './captcha-page/main.ts';

const pageDir = new URL('./captcha-page/', import.meta.url);
const solverFile = new URL('../widget/captcha/solve-altcha.ts', import.meta.url);

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = hit ? Number(hit.slice(name.length + 3)) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  // Nearest rank, so the reported figure is one that was actually measured.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

async function bundle(): Promise<{ pageScript: string; solverBytes: number; solverGzip: number }> {
  const page = await build({
    entryPoints: [new URL('main.ts', pageDir).pathname],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'chrome110',
    write: false,
  });
  // The solver alone, as the widget will ship it, to keep an eye on its size budget (< 1.5 KB min+gzip).
  const solver = await build({
    entryPoints: [solverFile.pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
  });
  const solverCode = solver.outputFiles[0]!.contents;
  return {
    pageScript: page.outputFiles[0]!.text,
    solverBytes: solverCode.length,
    solverGzip: gzipSync(solverCode, { level: 9 }).length,
  };
}

async function serve(pageScript: string): Promise<{ url: string; close: () => Promise<void> }> {
  const html = await readFile(new URL('index.html', pageDir), 'utf8');
  // The page loads its script as a file: the CSP forbids inline script, as the real widget's pages will.
  const headers = {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; script-src 'self'",
  };
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.url === '/main.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(pageScript);
    } else {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function browserSolve(page: Page, challenge: unknown, concurrency?: number): Promise<BenchSolveResult> {
  return page.evaluate(
    ({ challenge, concurrency }) => window.regainBench!.solve(challenge as AltchaChallenge, concurrency),
    { challenge, concurrency },
  );
}

function captchaFor(cost: number, counterMax = defaultCaptchaCounterMax): CaptchaVerifier {
  const now = () => Date.now();
  return createCaptcha({
    kind: 'altcha',
    hmacKey: 'bench-only-secret',
    cost,
    counterMax,
    now,
    replay: createMemoryReplayStore(now),
  });
}

async function timedChallenges(
  captcha: CaptchaVerifier,
  n: number,
): Promise<{ list: unknown[]; createMs: number[] }> {
  const list: unknown[] = [];
  const createMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    list.push(await captcha.createChallenge());
    createMs.push(performance.now() - t);
  }
  return { list, createMs };
}

async function mainRun(page: Page, samples: number): Promise<void> {
  const captcha = captchaFor(defaultCaptchaCost);
  const { list, createMs } = await timedChallenges(captcha, samples);
  console.log(
    `\n== default: cost ${defaultCaptchaCost}, counterMax ${defaultCaptchaCounterMax} ` +
      `(expected ${defaultCaptchaCounterMax / 2 + 1} derivations), ${samples} fresh challenges ==`,
  );
  console.log(' #   chromium    tried   node(altcha-lib)  ratio  verified');
  const browserMs: number[] = [];
  const nodeMs: number[] = [];
  const tried: number[] = [];
  const ratios: number[] = [];
  let allVerified = true;
  for (const [i, challenge] of list.entries()) {
    const b = await browserSolve(page, challenge);
    const verified = await captcha.verify(b.payload);
    const t = performance.now();
    const reference = await solveChallenge({ challenge: challenge as Challenge, deriveKey });
    const n = performance.now() - t;
    // Both solvers must land on the server's secret counter; a mismatch means the derivations differ.
    const counter = (
      JSON.parse(Buffer.from(b.payload, 'base64').toString('utf8')) as { solution: { counter: number } }
    ).solution.counter;
    const same = reference !== null && reference.counter === counter;
    allVerified &&= verified && same;
    browserMs.push(b.ms);
    nodeMs.push(n);
    tried.push(b.tried);
    ratios.push(b.ms / n);
    console.log(
      `${String(i + 1).padStart(2)} ${fmt(b.ms)} ${String(b.tried).padStart(8)} ${fmt(n)}        ${(b.ms / n).toFixed(2).padStart(5)}  ${verified && same ? 'yes' : 'NO'}`,
    );
  }
  console.log(
    `chromium: median ${fmt(quantile(browserMs, 0.5))}, p90 ${fmt(quantile(browserMs, 0.9))}, ` +
      `derivations tried median ${quantile(tried, 0.5)}, p90 ${quantile(tried, 0.9)}`,
  );
  console.log(
    `node altcha-lib solveChallenge (sequential): median ${fmt(quantile(nodeMs, 0.5))}, p90 ${fmt(quantile(nodeMs, 0.9))}`,
  );
  console.log(`chromium / node ratio: median ${quantile(ratios, 0.5).toFixed(2)}`);
  console.log(
    `server createChallenge: median ${quantile(createMs, 0.5).toFixed(1)} ms (one PBKDF2 derivation)`,
  );
  console.log(
    `every chromium payload verified by the server and matched altcha-lib's counter: ${allVerified}`,
  );
  if (!allVerified) process.exitCode = 1;
}

/** Total time over total derivations: steadier than a median of per-solve ratios when some counters are tiny. */
async function msPerDerivation(page: Page, challenges: unknown[], concurrency?: number): Promise<number[]> {
  let ms = 0;
  let tried = 0;
  const each: number[] = [];
  for (const c of challenges) {
    const b = await browserSolve(page, c, concurrency);
    ms += b.ms;
    tried += b.tried;
    each.push(b.ms);
  }
  return [ms / tried, ...each];
}

async function costTable(page: Page, samples: number): Promise<void> {
  const work = defaultCaptchaCost * defaultCaptchaCounterMax;
  console.log(
    `\n== cost tuning: same expected work as the default (cost × counterMax = ${work}), ${samples} challenges per cost ==`,
  );
  // Cost 1 is almost pure per-call overhead: browser work that an attacker running native PBKDF2 never pays.
  const [overhead] = await msPerDerivation(page, (await timedChallenges(captchaFor(1, 400), samples)).list);
  console.log(`per-derivation overhead (cost 1): ${(overhead! * 1000).toFixed(0)} µs`);
  console.log(
    '  cost  counterMax  ms/deriv  overhead  projected median*  measured median     p90  server create',
  );
  for (const cost of [500, 1_000, 2_000, 5_000, 10_000]) {
    const counterMax = Math.round(work / cost);
    const { list } = await timedChallenges(captchaFor(cost, counterMax), samples);
    const [per, ...ms] = await msPerDerivation(page, list);
    const { createMs } = await timedChallenges(captchaFor(cost, counterMax), 20);
    console.log(
      `${String(cost).padStart(6)}  ${String(counterMax).padStart(10)}  ${per!.toFixed(3).padStart(8)}  ` +
        `${`${((overhead! / per!) * 100).toFixed(0)}%`.padStart(8)}  ${fmt(per! * (counterMax / 2 + 1)).padStart(17)}  ` +
        `${fmt(quantile(ms, 0.5)).padStart(15)} ${fmt(quantile(ms, 0.9))}  ${quantile(createMs, 0.5).toFixed(2)} ms`,
    );
  }
  console.log(
    '  * ms/derivation × expected derivations (counterMax / 2 + 1): steadier than the median of a few random counters',
  );
}

async function concurrencyTable(page: Page, samples: number): Promise<void> {
  const levels = [1, 2, 4, 8, 16];
  const rounds = 3;
  console.log(
    `\n== concurrency (derivations in flight), default parameters, ${samples} challenges × ${rounds} interleaved rounds ==`,
  );
  const { list } = await timedChallenges(captchaFor(defaultCaptchaCost), samples);
  const per = new Map(levels.map((c) => [c, [] as number[]]));
  // Rounds interleave the levels so drift in machine load does not favour whichever level ran first.
  for (let r = 0; r < rounds; r++) {
    for (const concurrency of levels)
      per.get(concurrency)!.push((await msPerDerivation(page, list, concurrency))[0]!);
  }
  for (const [concurrency, xs] of per) {
    console.log(
      `${String(concurrency).padStart(3)}: ${quantile(xs, 0.5).toFixed(3)} ms per derivation (median of rounds)`,
    );
  }
}

async function main(): Promise<void> {
  const samples = arg('samples', 15);
  const tuneSamples = arg('tune-samples', 7);
  const { pageScript, solverBytes, solverGzip } = await bundle();
  console.log(`widget solver: ${solverBytes} B minified, ${solverGzip} B min+gzip (budget 1536 B)`);
  const server = await serve(pageScript);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Only the loopback bench server may be reached.
    await page.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    await page.goto(server.url);
    await page.waitForFunction(() => window.regainBench !== undefined);
    console.log(
      `chromium ${browser.version()}, ${await page.evaluate(() => navigator.hardwareConcurrency)} cores`,
    );
    // Warm-up so JIT and WebCrypto start-up are not charged to the first sample.
    await browserSolve(page, await captchaFor(100, 20).createChallenge());
    await mainRun(page, samples);
    await costTable(page, tuneSamples);
    await concurrencyTable(page, Math.max(3, Math.ceil(tuneSamples / 2)));
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
