// Pre-solved ALTCHA payloads (single use each) for POST /v1/reset, made before a load run so solving costs it nothing.
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/** Solves one challenge and encodes the payload the way the widget sends it (base64 of JSON). */
export async function solvePayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('captcha not solved (is counterMax larger than the solver expects?)');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/**
 * Fetches `count` fresh challenges through `issue` (in batches) and solves them all. The challenges are
 * issued by the target itself, so they carry its signing key and expire five minutes after they were made.
 */
export async function captchaPool(
  count: number,
  issue: (n: number) => Promise<Challenge[]>,
  batch = 2_000,
): Promise<string[]> {
  const out: string[] = [];
  while (out.length < count) {
    const challenges = await issue(Math.min(batch, count - out.length));
    for (let i = 0; i < challenges.length; i += 64)
      out.push(...(await Promise.all(challenges.slice(i, i + 64).map(solvePayload))));
  }
  return out;
}
