/**
 * False-positive probabilities. Each unit's score is s = cos(2 pi (y / step - dither - bit / 2)), with the dither
 * keyed and uniform on [0, 1). Under the null hypothesis (audio not marked with this key) the dither is independent of
 * the audio, so for ANY audio each block unit's score is a zero-mean variable bounded by its number of copies c in
 * the window, with variance <= c^2 / 2 (exactly 1/2 per copy when c = 1), independent across block units. Bernstein's
 * inequality then bounds the tail of the sum S of the sync units' scores without any model of the music:
 *   P(S >= t) <= exp(-(t^2 / 2) / (V + b t / 3)),  V = sum of the variances, b = the largest bound.
 * The search takes the best of `candidates` statistics (window, scale, offset, rotation), so the reported probability
 * is the Bonferroni bound min(1, candidates * tail).
 */
export function bernsteinTail(sum: number, variance: number, bound: number): number {
  if (!(sum > 0) || !(variance > 0)) return 1;
  return Math.min(1, Math.exp(-(sum * sum) / 2 / (variance + (bound * sum) / 3)));
}

/** min(1, candidates * bernsteinTail(sum, variance, bound)). */
export function searchFalsePositiveProbability(sum: number, variance: number, bound: number, candidates: number): number {
  return Math.min(1, candidates * bernsteinTail(sum, variance, bound));
}
