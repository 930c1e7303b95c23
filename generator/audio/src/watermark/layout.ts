import { codedLength } from "./convolutional-code.js";
import { KeyedStream, type WatermarkKey } from "./watermark-key.js";

/**
 * The scheme's fixed geometry (version 1). Everything is defined at an internal rate of 16 kHz on the mono downmix:
 * - time is cut into slots of 2048 samples (128 ms); two consecutive slots (A, B) form a pair (256 ms);
 * - 500 Hz - 5 kHz is cut into BANDS log-spaced bands (a decade, ~4.9% each);
 * - a unit is (pair, band): its value y is log E(A) - log E(B), the energy of the band in slot A over slot B, a
 *   feature that gain, static EQ, resampling and slow level changes leave unchanged;
 * - each unit carries one bit by dithered quantisation index modulation (QIM): the embedder moves y to the nearest
 *   point of the lattice QIM_STEP * (Z + dither + bit / 2), dither keyed per unit, so the host's own value does not
 *   interfere with detection (unlike additive spread spectrum, whose host noise would dominate at 39 dB SNR);
 * - a block is BLOCK_PAIRS pairs (4.1 s), repeated through the track; a keyed permutation assigns each of its units
 *   either to the synchronisation pattern (bit 0 with its keyed dither) or to one coded payload bit.
 */
export const INTERNAL_RATE = 16_000;
export const SLOT = 2048;
export const PAIR = 2 * SLOT;
export const BANDS = 48;
export const BAND_LOW_HZ = 500;
export const BAND_HIGH_HZ = 5000;
export const BLOCK_PAIRS = 16;
export const UNITS = BLOCK_PAIRS * BANDS;
export const SYNC_UNITS = 320;
/** QIM lattice step of the unit value, in nats of energy ratio (1.1 dB). */
export const QIM_STEP = 0.25;
export const PAYLOAD_BITS = 64;
export const CRC_BITS = 16;
export const MESSAGE_BITS = PAYLOAD_BITS + CRC_BITS;
export const CODED_BITS = codedLength(MESSAGE_BITS);
export const WATERMARK_PAYLOAD_BYTES = PAYLOAD_BITS / 8;

/**
 * Weight of a unit from its tiles' levels (nats relative to the mean spectrogram cell): `level` is the quieter tile's,
 * `loudness` the louder's. Near-silent tiles (level <= -11) cannot be steered by a multiplicative change (their
 * measured energy is leakage from louder neighbours); the loudest (loudness >= +3) would spend most of the SNR budget
 * on few units. The embedder leaves weight-0 units alone and the detector weights each unit's score. The weight
 * depends on the audio only, never on the key, so the null bound of significance.ts still holds.
 */
const WEIGHT_QUIET_ZERO = -11;
const WEIGHT_QUIET_FULL = -7;
const WEIGHT_LOUD_FULL = 1;
const WEIGHT_LOUD_ZERO = 3;
export function unitWeight(level: number, loudness: number): number {
  if (level <= WEIGHT_QUIET_ZERO || loudness >= WEIGHT_LOUD_ZERO) return 0;
  const low = level < WEIGHT_QUIET_FULL ? (level - WEIGHT_QUIET_ZERO) / (WEIGHT_QUIET_FULL - WEIGHT_QUIET_ZERO) : 1;
  const high = loudness > WEIGHT_LOUD_FULL ? (WEIGHT_LOUD_ZERO - loudness) / (WEIGHT_LOUD_ZERO - WEIGHT_LOUD_FULL) : 1;
  return Math.min(low, high);
}

/** Upper edge of band j (j = -1 gives the lower edge of band 0), Hz. */
export function bandEdgeHz(j: number): number {
  return BAND_LOW_HZ * (BAND_HIGH_HZ / BAND_LOW_HZ) ** ((j + 1) / BANDS);
}

/** A key's pattern: per unit (pair-in-block * BANDS + band), its dither in [0, 1) and role (-1: sync, else coded bit). */
export interface WatermarkPattern {
  dither: Float64Array;
  role: Int16Array;
}

const cache = new Map<string, WatermarkPattern>();

/** The keyed pattern of `key` (computed once per secret). */
export function watermarkPattern(key: WatermarkKey): WatermarkPattern {
  const hit = cache.get(key.secret);
  if (hit) return hit;
  const stream = new KeyedStream(key.secret, "soundmark-watermark-v1/pattern");
  const order = new Int32Array(UNITS);
  for (let i = 0; i < UNITS; i++) order[i] = i;
  for (let i = UNITS - 1; i > 0; i--) {
    const j = stream.below(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const dither = new Float64Array(UNITS);
  const role = new Int16Array(UNITS);
  for (let i = 0; i < UNITS; i++) {
    const u = order[i]!;
    dither[u] = stream.uint32() / 0x1_0000_0000;
    role[u] = i < SYNC_UNITS ? -1 : (i - SYNC_UNITS) % CODED_BITS;
  }
  const pattern = { dither, role };
  if (cache.size > 64) cache.clear();
  cache.set(key.secret, pattern);
  return pattern;
}
