// Messages between the benchmark driver and a target process, and the captcha settings both sides assume.

/** What to start: Regain itself, a bare node:http server, or a minimal Hono + database endpoint. */
export type TargetSpec =
  | { kind: 'bare' }
  | { kind: 'hono-db'; db: 'pglite' | 'postgres' }
  | {
      kind: 'regain';
      db: 'pglite' | 'postgres';
      /** Real accounts `member-1..n` (email + mobile on file) seeded beside the demo users. */
      members?: number;
      /** Add the indexes the benchmark proposes before listening (for an A/B comparison). */
      proposedIndexes?: boolean;
      /** Abandoned, expired decoy flows left in the table, as months of traffic leave them (nothing purges them). */
      agedFlows?: number;
    };

/** What the driver can ask a target: fresh captcha challenges (Regain only), diagnostics, its memory, or to close. */
export type TargetOp =
  | { op: 'challenges'; count: number }
  | { op: 'diagnose' }
  | { op: 'memory' }
  | { op: 'close' };
export type TargetRequest = TargetOp & { id: number };

export type TargetReply =
  | { ready: true; url: string; adminKey?: string }
  | { ready: false; error: string }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

/**
 * A cheap ALTCHA configuration (one PBKDF2 iteration, at most five derivations per solve): the benchmark
 * measures the server's work per start, not the proof of work, which bench/captcha.ts measures.
 */
export const benchCaptcha = { cost: 1, counterMax: 4 } as const;
