/** C library rounding and clipping that the ported stages must reproduce exactly. */

/** lrintf(x): x rounded to float, then to the nearest integer, ties to even (the default rounding mode). */
export function lrintf(x: number): number {
  const f = Math.fround(x);
  const r = Math.round(f);
  return r - f === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

/** av_clip_int16. */
export function clip16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
