const CODES = [0, 1, 3, 2] as const;

/** The 2-bit Gray code of a quantized level (0, 1, 2, 3 -> 00, 01, 11, 10): neighbouring levels differ by one bit. */
export function grayCode(level: number): number {
  return CODES[level as 0 | 1 | 2 | 3];
}
