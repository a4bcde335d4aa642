// Bench page script: exposes the widget's ALTCHA solver to the benchmark driver and times each solve inside the page.
import { type AltchaChallenge, solveAltcha } from '../../widget/captcha/solve-altcha.ts';

export interface BenchSolveResult {
  ms: number;
  tried: number;
  payload: string;
}

export interface BenchApi {
  solve(challenge: AltchaChallenge, concurrency?: number): Promise<BenchSolveResult>;
}

declare global {
  interface Window {
    regainBench?: BenchApi;
  }
}

window.regainBench = {
  async solve(challenge, concurrency) {
    let tried = 0;
    const started = performance.now();
    const payload = await solveAltcha(challenge, {
      concurrency,
      onProgress: (n) => {
        tried = n;
      },
    });
    return { ms: performance.now() - started, tried, payload };
  },
};
document.getElementById('status')!.textContent = 'ready';
