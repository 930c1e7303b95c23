/**
 * Chance levels for match counts. A candidate's best alignment bin holds k hashes; if the query were unrelated to the
 * track, its H hash hits on the track would fall on offsets spread over the track's length, so the number in one bin
 * is Poisson with mean lambda = H * bin / (track + query length). The p-value of the best of `hypotheses` bins is at
 * most hypotheses * P(Poisson(lambda) >= k) (union bound).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(X >= k) for X ~ Poisson(lambda). */
export function logPoissonTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (!(lambda > 0)) return -Infinity;
  if (k <= lambda) {
    // The tail is large: 1 - P(X < k), summed directly.
    let term = Math.exp(-lambda);
    let below = 0;
    for (let j = 0; j < k; j++) {
      below += term;
      term *= lambda / (j + 1);
    }
    return Math.log(Math.max(1 - below, Number.MIN_VALUE));
  }
  // ln P(X = k) + ln(1 + lambda / (k + 1) + lambda^2 / ((k + 1)(k + 2)) + ...), the series converging geometrically.
  const logPmf = -lambda + k * Math.log(lambda) - logGamma(k + 1);
  let sum = 1;
  let term = 1;
  for (let j = k + 1; term > 1e-12 * sum && j < k + 10_000; j++) {
    term *= lambda / j;
    sum += term;
  }
  return logPmf + Math.log(sum);
}

/** log10 of min(1, hypotheses * P(Poisson(lambda) >= k)). */
export function log10ChanceOfBestBin(k: number, lambda: number, hypotheses: number): number {
  const ln = Math.log(Math.max(1, hypotheses)) + logPoissonTail(k, lambda);
  return Math.min(0, ln / Math.LN10);
}
