import { BANDS, BLOCK_COLUMNS, SPAN_COLUMNS, UNITS_PER_SPAN, type WatermarkPattern } from "./layout.js";
import type { PairFeatures } from "./pair-features.js";

/**
 * The spread-transform projections of every unit whose span lies wholly inside the measured columns, for block
 * rotation `rotation` (original column P sits at block column (P + rotation) mod BLOCK_COLUMNS). Shared by the
 * embedder (rotation 0) and the detector, so both see the same units. Buffers are reused across calls.
 */
export class UnitProjections {
  /** Number of span instances found. */
  count = 0;
  /** Per instance: its first local column (in the PairFeatures) and its span within the block. */
  firstColumn = new Int32Array(0);
  blockSpan = new Int32Array(0);
  /** Per instance and local unit: x = sum(sign * y) / sqrt(pairs). */
  values = new Float64Array(0);

  compute(features: PairFeatures, pattern: WatermarkPattern, rotation: number): void {
    const capacity = Math.ceil(features.columns / SPAN_COLUMNS) + 1;
    if (this.firstColumn.length < capacity) {
      this.firstColumn = new Int32Array(capacity);
      this.blockSpan = new Int32Array(capacity);
      this.values = new Float64Array(capacity * UNITS_PER_SPAN);
    }
    const { pairUnit, pairSign, unitNorm } = pattern;
    const y = features.values;
    let n = 0;
    for (let p = 0; p + SPAN_COLUMNS <= features.columns; ) {
      const blockColumn = (((features.firstColumn + p + rotation) % BLOCK_COLUMNS) + BLOCK_COLUMNS) % BLOCK_COLUMNS;
      if (blockColumn % SPAN_COLUMNS !== 0) {
        p += SPAN_COLUMNS - (blockColumn % SPAN_COLUMNS);
        continue;
      }
      this.firstColumn[n] = p;
      this.blockSpan[n] = blockColumn / SPAN_COLUMNS;
      const out = n * UNITS_PER_SPAN;
      for (let l = 0; l < UNITS_PER_SPAN; l++) this.values[out + l] = 0;
      const base = p * BANDS;
      for (let i = 0; i < SPAN_COLUMNS * BANDS; i++) this.values[out + pairUnit[i]!]! += pairSign[i]! * y[base + i]!;
      for (let l = 0; l < UNITS_PER_SPAN; l++) this.values[out + l]! *= unitNorm[l]!;
      n++;
      p += SPAN_COLUMNS;
    }
    this.count = n;
  }
}
