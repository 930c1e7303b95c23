/**
 * How alike two raw Chromaprint fingerprints are: the fraction of equal bits over their common length (1 when that
 * length is 0), the number of 32-bit items compared, and the length difference. Used to compare with fpcalc.
 */
export function bitAgreement(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { agreement: number; compared: number; differingBits: number; lengthDifference: number } {
  const n = Math.min(a.length, b.length);
  let differingBits = 0;
  for (let i = 0; i < n; i++) {
    let x = (a[i]! ^ b[i]!) >>> 0;
    while (x) {
      x &= x - 1;
      differingBits++;
    }
  }
  return {
    agreement: n === 0 ? 1 : 1 - differingBits / (32 * n),
    compared: n,
    differingBits,
    lengthDifference: a.length - b.length,
  };
}
