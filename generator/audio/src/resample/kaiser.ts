/** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x < ~700). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's beta for a stopband attenuation in dB (Kaiser 1974, as in Oppenheim & Schafer 7.6). */
export function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

/** The Kaiser window at x in [-1, 1] (0 outside), normalised to 1 at x = 0. `i0Beta` is besselI0(beta), precomputed. */
export function kaiser(x: number, beta: number, i0Beta: number): number {
  if (x <= -1 || x >= 1) return 0;
  return besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
}
