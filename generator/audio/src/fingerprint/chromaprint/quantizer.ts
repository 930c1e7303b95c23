/** Maps a filter response to 0..3 with three ascending thresholds (src/quantizer.h). */
export function quantize(value: number, thresholds: readonly [number, number, number]): number {
  if (value < thresholds[1]) return value < thresholds[0] ? 0 : 1;
  return value < thresholds[2] ? 2 : 3;
}
