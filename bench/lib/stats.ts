// Small statistics for the benchmarks: quantiles, medians and a two-sided Mann-Whitney U test.

/** Linear-interpolated quantile (q in 0..1) of a non-empty sample. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new Error('quantile of an empty sample');
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/**
 * Standard normal CDF through erfc (W. J. Cody's rational approximation as in Numerical Recipes' erfcc,
 * relative error below 1.2e-7 everywhere, which is plenty for p-values compared against 0.01).
 */
export function normalCdf(z: number): number {
  const tail = normalUpperTail(Math.abs(z));
  return z >= 0 ? 1 - tail : tail;
}

/** P(Z > z) for z >= 0, computed directly so tiny p-values keep their precision. */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return erfc / 2;
}

export interface MannWhitney {
  /** U of the first sample (the number of pairs where a < b counts 0, a > b counts 1, ties 0.5). */
  u: number;
  /** min(U1, U2), the statistic usually tabulated. */
  uMin: number;
  z: number;
  /** Two-sided p-value, normal approximation with tie and continuity corrections. */
  p: number;
}

/**
 * Two-sided Mann-Whitney U test of whether the two samples come from one distribution. Ranks are averaged
 * over ties; the variance is corrected for ties. Fine for samples of ~20 or more each.
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitney {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('Mann-Whitney needs two non-empty samples');
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2; // ranks are 1-based: positions i..j share the mean of i+1..j+1
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k]!.g === 0) rankSumA += rank;
    i = j + 1;
  }
  const u1 = rankSumA - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u: u1, uMin: Math.min(u1, u2), z: 0, p: 1 };
  const diff = Math.abs(u1 - mean);
  const z = Math.max(0, diff - 0.5) / Math.sqrt(variance);
  return {
    u: u1,
    uMin: Math.min(u1, u2),
    z: u1 >= mean ? z : -z,
    p: Math.min(1, 2 * normalUpperTail(Math.abs(z))),
  };
}
