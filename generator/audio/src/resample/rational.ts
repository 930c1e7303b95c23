/** A positive fraction p / q in lowest terms. */
export interface Fraction {
  p: number;
  q: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** p / q in lowest terms for positive safe integers. */
export function reduceFraction(p: number, q: number): Fraction {
  const g = gcd(p, q);
  return { p: p / g, q: q / g };
}

/**
 * The fraction p / q with the smallest q <= maxDenominator that equals x to within a relative `tolerance`
 * (continued-fraction convergents), or undefined when there is none. 1 / 1.03 gives 100 / 103.
 */
export function approximateFraction(x: number, maxDenominator: number, tolerance = 1e-12): Fraction | undefined {
  if (!(x > 0) || !Number.isFinite(x)) return undefined;
  let [p0, q0, p1, q1] = [0, 1, 1, 0];
  let rest = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(rest);
    const p2 = a * p1 + p0;
    const q2 = a * q1 + q0;
    if (q2 > maxDenominator) return undefined;
    if (Math.abs(p2 / q2 - x) <= tolerance * x) return { p: p2, q: q2 };
    [p0, q0, p1, q1] = [p1, q1, p2, q2];
    const frac = rest - a;
    if (frac === 0) return undefined;
    rest = 1 / frac;
  }
  return undefined;
}
