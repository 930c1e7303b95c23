import { codedLength } from "./convolutional-code.js";
import { KeyedStream, type WatermarkKey } from "./watermark-key.js";

/**
 * The scheme's fixed geometry (version 3: version 2's geometry and keyed pattern, and a second QIM step). Everything
 * is defined at an internal rate of 16 kHz on the mono downmix:
 * - time is cut into slots of SLOT samples (64 ms); two consecutive slots (A, B) form a column (128 ms);
 * - 500 Hz - 4 kHz is cut into BANDS bands (BAND_EDGES, in 31.25 Hz spectrogram bins: two bins wide at the bottom,
 *   ~8.5% wide above 750 Hz), inside what a 4 kHz low-pass and a 500 Hz high-pass leave;
 * - a pair is (column, band): its value y = (E_A - E_B) / (E_A + E_B), the band's energy contrast between the two
 *   slots, in [-1, 1]: gain, static EQ and slow level changes leave it unchanged, additive noise only shrinks it;
 * - a span is SPAN_COLUMNS columns; its SPAN_COLUMNS * BANDS pairs are split (keyed) into UNITS_PER_SPAN units of
 *   about PAIRS_PER_UNIT pairs, each pair with a keyed sign. A unit's value is the spread-transform projection
 *   x = sum(sign * y) / sqrt(pairs), and it carries one coded bit by dithered QIM on x with a step of QIM_STEPS (STDM):
 *   the attack noise on x is the per-pair noise, while the embedding budget of all its pairs goes into one step;
 * - a block is BLOCK_COLUMNS columns (4.1 s) = SPANS spans, repeated through the track; each of its
 *   UNITS = SPANS * UNITS_PER_SPAN units has a keyed dither and carries one coded bit (keyed assignment; every coded
 *   bit has one unit, a few have two). The within-span layout (which pair feeds which unit, with which sign) is the
 *   same in every span, so a block rotation by whole spans only relabels the units (the detector exploits this).
 */
export const INTERNAL_RATE = 16_000;
export const SLOT = 1024;
export const COLUMN = 2 * SLOT;
/** Band edges in bins of the 512-point spectrogram at 16 kHz (31.25 Hz): band j holds bins [E_j, E_j+1). */
export const BAND_EDGES: readonly number[] = (() => {
  const edges = [16];
  while (edges.at(-1)! < 128) edges.push(Math.min(128, edges.at(-1)! + Math.max(2, Math.round(0.085 * edges.at(-1)!))));
  return edges;
})();
export const BANDS = BAND_EDGES.length - 1;
export const SPAN_COLUMNS = 2;
export const BLOCK_COLUMNS = 32;
export const SPANS = BLOCK_COLUMNS / SPAN_COLUMNS;
export const SPAN_PAIRS = SPAN_COLUMNS * BANDS;
/**
 * QIM lattice steps of a unit's projection (the contrast y is dimensionless), smallest first. With ~3.2 pairs per unit
 * a full move at the small step changes each pair's contrast by ~0.08 rms (amplitude factors of about +-4%), which costs
 * about 38-45 dB of SNR on real music. The embedder marks a track at the large step when the track's SNR floor affords
 * its full move (about 1.7 dB more energy: the margin against codec noise grows by a fifth), at the small one
 * otherwise (where the floor binds, a larger step would leave more units unmoved, which short crops cannot afford);
 * the detector tries both. The small step is version 2's: version 3 detects version 2 marks.
 */
export const QIM_STEPS: readonly number[] = [0.45, 0.55];
export const PAYLOAD_BITS = 64;
export const CRC_BITS = 16;
export const MESSAGE_BITS = PAYLOAD_BITS + CRC_BITS;
export const CODED_BITS = codedLength(MESSAGE_BITS);
/** Units per block that carry the known bit 0 for the synchronisation search. */
export const SYNC_UNITS_MIN = 64;
export const UNITS_PER_SPAN = Math.ceil((CODED_BITS + SYNC_UNITS_MIN) / SPANS);
export const UNITS = SPANS * UNITS_PER_SPAN;
export const WATERMARK_PAYLOAD_BYTES = PAYLOAD_BITS / 8;
export const SCHEME_LABEL = "soundmark-watermark-v3";
/** The label of the keyed pattern's derivation: still version 2's, so that version 3 detects version 2 marks. */
export const PATTERN_LABEL = "soundmark-watermark-v2";

/** A key's pattern. */
export interface WatermarkPattern {
  /** Per span pair (column-in-span * BANDS + band): its local unit in [0, UNITS_PER_SPAN). */
  pairUnit: Int16Array;
  /** Per span pair: +1 or -1. */
  pairSign: Float64Array;
  /** Per local unit: 1 / sqrt(number of its pairs). */
  unitNorm: Float64Array;
  /** Per unit (span * UNITS_PER_SPAN + local unit): dither in [0, 1). */
  dither: Float64Array;
  /** Per unit: the coded bit it carries, or -1 for a synchronisation unit (known bit 0). */
  codedBit: Int16Array;
}

const cache = new Map<string, WatermarkPattern>();

function shuffle(order: Int32Array, stream: KeyedStream): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = stream.below(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** The keyed pattern of `key` (computed once per secret). */
export function watermarkPattern(key: WatermarkKey): WatermarkPattern {
  const hit = cache.get(key.secret);
  if (hit) return hit;
  const stream = new KeyedStream(key.secret, `${PATTERN_LABEL}/pattern`);
  const pairs = Int32Array.from({ length: SPAN_PAIRS }, (_, i) => i);
  shuffle(pairs, stream);
  const pairUnit = new Int16Array(SPAN_PAIRS);
  const pairSign = new Float64Array(SPAN_PAIRS);
  const count = new Float64Array(UNITS_PER_SPAN);
  for (let i = 0; i < SPAN_PAIRS; i++) {
    const l = i % UNITS_PER_SPAN;
    pairUnit[pairs[i]!] = l;
    pairSign[pairs[i]!] = stream.sign();
    count[l]!++;
  }
  const unitNorm = count.map((c) => 1 / Math.sqrt(c));
  const units = Int32Array.from({ length: UNITS }, (_, i) => i);
  shuffle(units, stream);
  const dither = new Float64Array(UNITS);
  const codedBit = new Int16Array(UNITS);
  for (let i = 0; i < UNITS; i++) {
    const u = units[i]!;
    dither[u] = stream.uint32() / 0x1_0000_0000;
    codedBit[u] = i < UNITS - CODED_BITS ? -1 : i - (UNITS - CODED_BITS);
  }
  const pattern = { pairUnit, pairSign, unitNorm, dither, codedBit };
  if (cache.size > 64) cache.clear();
  cache.set(key.secret, pattern);
  return pattern;
}
