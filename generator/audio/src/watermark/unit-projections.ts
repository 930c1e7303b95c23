import { BANDS, BLOCK_COLUMNS, SPAN_COLUMNS, UNITS_PER_SPAN, type WatermarkPattern } from "./layout.js";
import type { PairFeatures } from "./pair-features.js";

/** A pair is live when its tiles hold at least this fraction of the measured pairs' mean power... */
export const LIVE_POWER = 0.01;
/** ...and its contrast is not saturated. */
export const LIVE_CONTRAST = 0.9;
/** Live pairs that make a unit dense: from 3 up the embedder reaches the lattice (fit 0.83-0.94 against <= 0.53). */
export const DENSE_UNIT_PAIRS = 3;
/**
 * Audio whose share of dense units is below this is sparse (the built-in synth's renders and the synthetic test music:
 * 0.14-0.32; real music 0.26-1, all but one of 32 Wesnoth excerpts above 0.4): the embedder and the detector treat it
 * differently (embed-watermark.ts, detect-watermark.ts).
 */
export const SPARSE_SHARE = 0.35;

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
  /**
   * Per instance and local unit: how many of its pairs are live, i.e. hold some power (at least LIVE_POWER of the
   * measured pairs' mean) and are not saturated (|y| < LIVE_CONTRAST). The embedder cannot move a unit whose pairs are
   * silent or saturated. It depends on the audio alone, never on the key's dithers.
   */
  live = new Float64Array(0);
  /** The fraction of the units found with at least DENSE_UNIT_PAIRS live pairs (~0.25 on sparse music). */
  denseShare = 0;

  compute(features: PairFeatures, pattern: WatermarkPattern, rotation: number): void {
    const capacity = Math.ceil(features.columns / SPAN_COLUMNS) + 1;
    if (this.firstColumn.length < capacity) {
      this.firstColumn = new Int32Array(capacity);
      this.blockSpan = new Int32Array(capacity);
      this.values = new Float64Array(capacity * UNITS_PER_SPAN);
      this.live = new Float64Array(capacity * UNITS_PER_SPAN);
    }
    const { pairUnit, pairSign, unitNorm } = pattern;
    const y = features.values;
    const { powerA, powerB } = features;
    const livePower = (LIVE_POWER * features.powerSum) / Math.max(1, features.columns * BANDS);
    let dense = 0;
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
      for (let l = 0; l < UNITS_PER_SPAN; l++) {
        this.values[out + l] = 0;
        this.live[out + l] = 0;
      }
      const base = p * BANDS;
      for (let i = 0; i < SPAN_COLUMNS * BANDS; i++) {
        const v = y[base + i]!;
        this.values[out + pairUnit[i]!]! += pairSign[i]! * v;
        const power = powerA[base + i]! + powerB[base + i]!;
        if (power > 0 && power >= livePower && Math.abs(v) < LIVE_CONTRAST) this.live[out + pairUnit[i]!]!++;
      }
      for (let l = 0; l < UNITS_PER_SPAN; l++) {
        this.values[out + l]! *= unitNorm[l]!;
        if (this.live[out + l]! >= DENSE_UNIT_PAIRS) dense++;
      }
      n++;
      p += SPAN_COLUMNS;
    }
    this.count = n;
    this.denseShare = n > 0 ? dense / (n * UNITS_PER_SPAN) : 0;
  }
}
