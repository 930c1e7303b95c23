import { downmix, type Pcm } from "../pcm.js";
import { Resampler } from "../resample/resampler.js";
import { bitsToBytes, crc16Bits } from "./crc16.js";
import { convEncode, viterbiDecode } from "./convolutional-code.js";
import {
  BANDS,
  BLOCK_PAIRS,
  CODED_BITS,
  CRC_BITS,
  INTERNAL_RATE,
  MESSAGE_BITS,
  PAYLOAD_BITS,
  QIM_STEP,
  SLOT,
  unitWeight,
  watermarkPattern,
  type WatermarkPattern,
} from "./layout.js";
import { bernsteinTail } from "./significance.js";
import { SPEC_HOP, UnitFeatures, spectrogram, type Scale } from "./unit-features.js";
import { requireWatermarkAudio } from "./validate-audio.js";
import { parseWatermarkKey, type WatermarkKey } from "./watermark-key.js";

export interface DetectWatermarkOptions {
  /** Largest false-positive probability (per call) that counts as a detection; 1e-6 by default. */
  maxFalsePositiveProbability?: number;
  /** Search speed, tempo and pitch factors in [0.94, 1.06] (default true); false searches time offsets only. */
  searchScales?: boolean;
  /** Analysis window for long inputs, seconds (default 10; windows overlap by half). */
  windowSeconds?: number;
}

export interface WatermarkSegment {
  start: number;
  end: number;
}

export interface DetectWatermarkReturnType {
  detected: boolean;
  /** The 8-byte payload, when detected and its CRC-16 checks. */
  payload?: Uint8Array;
  /** Coded bits whose hard decision disagreed with the decoded codeword (errors the code corrected), of CODED_BITS. */
  bitErrors: number;
  /** Bonferroni-corrected Bernstein bound on the probability that unmarked audio scores this well (significance.ts). */
  falsePositiveProbability: number;
  /** The synchronisation statistic of the best candidate, S / sqrt(V) (about N(0, 1) or below under the null). */
  score: number;
  /** Where the mark was found, seconds from the input's start. */
  segments: WatermarkSegment[];
  /** The time / frequency scale of the best candidate when it is not 1: 1.03 for a 3% speed-up. */
  speedFactor?: number;
  timeScale?: number;
  frequencyScale?: number;
}

/**
 * Time offsets: a coarse search in steps of the spectrogram hop (256 samples, 16 ms) over one pair (the block
 * rotation supplies whole pairs), then the best few candidates are refined by re-framing the spectrogram in steps of
 * FINE_STEP samples: QIM decoding needs the tiles within ~2 ms of where the embedder measured them.
 */
const OFFSET_STEPS = (2 * SLOT) / SPEC_HOP;
const OFFSET_STEP = SPEC_HOP;
const FINE_STEP = 32;
const REFINE = 3;
/** Distinct offsets that can be reported per (scale, rotation): the Bonferroni count of the search. */
const FINE_OFFSETS = (2 * SLOT) / FINE_STEP;
/** Scale refinement around a coarse candidate: +-0.3% and +-0.6% along its family (speed, tempo or pitch). */
const SCALE_STEP = 0.012;
const FINE_SCALE_STEPS = [-0.006, -0.003, 0, 0.003, 0.006];
/** Distinct scales that can be reported: 1 and three families of 0.94 ... 1.06 in steps of 0.3%. */
const FINE_SCALES = 1 + 3 * Math.round((2 * 5 * SCALE_STEP) / 0.003);
const TWO_PI = 2 * Math.PI;
/**
 * Probability that a CRC-16 checks on the message decoded from unmarked audio at the sync-selected candidate. The
 * data units' dithers are independent of the sync units' (which chose the candidate), so under the null the decoded
 * message is an arbitrary 80-bit word and a linear 16-bit CRC passes with probability 2^-16.
 */
const CRC_FALSE_PASS = 2 ** -16;

/** 1, then speed (time and frequency), tempo (time) and pitch (frequency) factors 0.94 ... 1.06 in steps of 1.2%. */
function scaleGrid(search: boolean): Scale[] {
  const out: Scale[] = [{ time: 1, freq: 1 }];
  if (!search) return out;
  for (let i = -5; i <= 5; i++) {
    if (i === 0) continue;
    const s = 1 + SCALE_STEP * i;
    out.push({ time: s, freq: s }, { time: s, freq: 1 }, { time: 1, freq: s });
  }
  return out;
}

/** `scale` moved by d along its family: both factors for speed, the one that is not 1 for tempo or pitch. */
function refineScale(scale: Scale, d: number): Scale {
  if (scale.time === 1 && scale.freq === 1) return scale;
  return {
    time: scale.time === 1 && scale.freq !== 1 ? 1 : scale.time + d,
    freq: scale.freq === 1 && scale.time !== 1 ? 1 : scale.freq + d,
  };
}

interface Candidate {
  sum: number;
  variance: number;
  bound: number;
  tail: number;
  scale: Scale;
  offset: number;
  rotation: number;
}

/** Scores of one analysis window. */
class WindowScorer {
  readonly features: UnitFeatures;
  readonly #pattern: WatermarkPattern;
  /** Per block unit: the summed weight of its copies in the window (for the current scale, offset, rotation). */
  readonly #weightSum = new Float64Array(BLOCK_PAIRS * BANDS);
  /** cos / sin of 2 pi dither per block unit, and w cos / w sin of 2 pi y / step per local unit (cos(a - b) expanded). */
  readonly #ditherCos: Float64Array;
  readonly #ditherSin: Float64Array;
  #valueCos = new Float64Array(0);
  #valueSin = new Float64Array(0);

  /** Recomputes the features and their trigonometry for one scale and offset. */
  compute(scale: Scale, offset: number): void {
    const f = this.features;
    f.compute(scale, offset);
    const count = f.pairs * BANDS;
    if (this.#valueCos.length < count) {
      this.#valueCos = new Float64Array(f.values.length);
      this.#valueSin = new Float64Array(f.values.length);
    }
    for (let i = 0; i < count; i++) {
      const w = f.weight[i]!;
      const a = (TWO_PI * f.values[i]!) / QIM_STEP;
      this.#valueCos[i] = w * Math.cos(a);
      this.#valueSin[i] = w * Math.sin(a);
    }
  }

  constructor(features: UnitFeatures, pattern: WatermarkPattern) {
    this.features = features;
    this.#pattern = pattern;
    this.#ditherCos = pattern.dither.map((d) => Math.cos(TWO_PI * d));
    this.#ditherSin = pattern.dither.map((d) => Math.sin(TWO_PI * d));
  }

  /** Sync sum and its null variance / bound for rotation r of the current features. */
  #sync(r: number): { sum: number; variance: number; bound: number } {
    const { role } = this.#pattern;
    const f = this.features;
    const weights = this.#weightSum;
    const vc = this.#valueCos;
    const vs = this.#valueSin;
    const dc = this.#ditherCos;
    const ds = this.#ditherSin;
    weights.fill(0);
    let sum = 0;
    for (let p = 0; p < f.pairs; p++) {
      const base = ((f.firstPair + p + r) % BLOCK_PAIRS) * BANDS;
      const row = p * BANDS;
      for (let j = 0; j < BANDS; j++) {
        const u = base + j;
        if (role[u]! >= 0) continue;
        const w = f.weight[row + j]!;
        if (w === 0) continue;
        weights[u]! += w;
        sum += vc[row + j]! * dc[u]! + vs[row + j]! * ds[u]!;
      }
    }
    // Copies of one block unit share its dither: bound their summed score by the summed weight c, variance c^2 / 2.
    let variance = 0;
    let bound = 0;
    for (let u = 0; u < weights.length; u++) {
      const c = weights[u]!;
      variance += (c * c) / 2;
      if (c > bound) bound = c;
    }
    return { sum, variance, bound };
  }

  /** Soft coded bits (positive: 1) for rotation r of the current features. */
  softBits(r: number): Float64Array {
    const { dither, role } = this.#pattern;
    const f = this.features;
    const soft = new Float64Array(CODED_BITS);
    for (let p = 0; p < f.pairs; p++) {
      const base = ((f.firstPair + p + r) % BLOCK_PAIRS) * BANDS;
      const row = p * BANDS;
      for (let j = 0; j < BANDS; j++) {
        const u = base + j;
        const c = role[u]!;
        if (c < 0) continue;
        soft[c]! -= f.weight[row + j]! * Math.cos(TWO_PI * (f.values[row + j]! / QIM_STEP - dither[u]!));
      }
    }
    return soft;
  }

  /** The `keep` best (scale, offset, rotation) of the grid, best first (by z = sum / sqrt(variance)). */
  search(scales: Scale[], offsets: readonly number[], keep: number, rotations?: number): Candidate[] {
    const top: Candidate[] = [];
    for (const scale of scales) {
      for (const offset of offsets) {
        this.compute(scale, offset);
        if (this.features.pairs === 0) continue;
        for (let r = 0; r < BLOCK_PAIRS; r++) {
          if (rotations !== undefined && r !== rotations) continue;
          const { sum, variance, bound } = this.#sync(r);
          const z = sum / Math.sqrt(variance);
          if (top.length === keep && !(z > top[keep - 1]!.sum / Math.sqrt(top[keep - 1]!.variance))) continue;
          const tail = bernsteinTail(sum, variance, bound);
          top.push({ sum, variance, bound, tail, scale, offset, rotation: r });
          top.sort((a, b) => b.sum / Math.sqrt(b.variance) - a.sum / Math.sqrt(a.variance));
          if (top.length > keep) top.pop();
        }
      }
    }
    return top;
  }
}

function decode(soft: Float64Array): { payload?: Uint8Array; bitErrors: number } {
  const message = viterbiDecode(soft, MESSAGE_BITS);
  const recoded = convEncode(message);
  let bitErrors = 0;
  for (let i = 0; i < CODED_BITS; i++) if (soft[i] !== 0 && soft[i]! > 0 !== (recoded[i] === 1)) bitErrors++;
  let crc = 0;
  for (let i = 0; i < CRC_BITS; i++) crc = (crc << 1) | message[PAYLOAD_BITS + i]!;
  const ok = crc16Bits(message.subarray(0, PAYLOAD_BITS)) === crc;
  return ok ? { payload: bitsToBytes(message.subarray(0, PAYLOAD_BITS)), bitErrors } : { bitErrors };
}

/**
 * Searches `pcm` for the watermark of `key`: per analysis window (10 s, half-overlapping, for long inputs), every time
 * offset (16 ms steps), block rotation and (by default) speed / tempo / pitch factor in [0.94, 1.06]. The best
 * synchronisation sum gives a Bonferroni-corrected Bernstein false-positive probability; where it is <= 1e-6 the
 * payload is Viterbi-decoded at that candidate and returned if its CRC-16 checks.
 *
 * @throws InvalidWatermarkKeyError, InvalidWatermarkAudioError (NaN samples, no channels...). Digital silence, or audio
 *   too short to hold one 256 ms pair, is a clean non-detection.
 * @example
 * const { detected, payload, falsePositiveProbability } = detectWatermark(pcm, key);
 */
export function detectWatermark(pcm: Pcm, key: WatermarkKey, options: DetectWatermarkOptions = {}): DetectWatermarkReturnType {
  const parsedKey = parseWatermarkKey(key);
  requireWatermarkAudio(pcm);
  const maxP = options.maxFalsePositiveProbability ?? 1e-6;
  const scales = scaleGrid(options.searchScales ?? true);
  const windowSeconds = options.windowSeconds ?? 10;
  const none: DetectWatermarkReturnType = { detected: false, bitErrors: 0, falsePositiveProbability: 1, score: 0, segments: [] };

  const mono = downmix(pcm);
  const x =
    pcm.sampleRate === INTERNAL_RATE ? mono : Resampler.forRates(pcm.sampleRate, INTERNAL_RATE, { quality: "medium" }).process(mono);
  let energy = 0;
  for (let i = 0; i < x.length; i++) energy += x[i]! * x[i]!;
  if (!(energy / Math.max(1, x.length) > 1e-12)) return none; // digital silence (below -120 dBFS)
  const spec = spectrogram(x);
  if (spec.frames === 0) return none;
  const shifted = new Map<number, ReturnType<typeof spectrogram>>([[0, spec]]);
  const spectrogramAt = (lead: number) => {
    let s = shifted.get(lead);
    if (!s) shifted.set(lead, (s = spectrogram(x, lead)));
    return s;
  };
  const pattern = watermarkPattern(parsedKey);

  const windowFrames = Math.max(16, Math.round((windowSeconds * INTERNAL_RATE) / SPEC_HOP));
  const windows: number[] = [0];
  if (spec.frames > Math.round(windowFrames * 1.5)) {
    const hop = Math.floor(windowFrames / 2);
    for (let s = hop; s + windowFrames < spec.frames; s += hop) windows.push(s);
    windows.push(spec.frames - windowFrames);
  }
  const unscaledCandidates = windows.length * FINE_OFFSETS * BLOCK_PAIRS;
  const candidates = windows.length * FINE_SCALES * FINE_OFFSETS * BLOCK_PAIRS;
  const coarseOffsets = Array.from({ length: OFFSET_STEPS }, (_, o) => o * OFFSET_STEP);

  let best: Candidate | undefined;
  let bestP = 1;
  const segments: WatermarkSegment[] = [];
  let decoded: { payload?: Uint8Array; bitErrors: number } | undefined;
  for (const fa of windows) {
    const fb = windows.length === 1 ? spec.frames : Math.min(spec.frames, fa + windowFrames);
    const findBest = (grid: Scale[]): { c: Candidate; scorer: WindowScorer } | undefined => {
      const coarse = new WindowScorer(new UnitFeatures(spec, fa, fb), pattern).search(grid, coarseOffsets, REFINE);
      if (coarse.length === 0) return undefined;
      // Refinement: frame the spectrogram `lead` samples later (frame f then starts at f * hop - lead), which moves
      // the tiles by lead * time in original time; search the neighbouring coarse offsets at the candidate's
      // scale (and its fine variants) and rotation.
      let c = coarse[0]!;
      let scorer = new WindowScorer(new UnitFeatures(spec, fa, fb), pattern);
      for (const cand of coarse) {
        const variants = grid.length === 1 ? [cand.scale] : FINE_SCALE_STEPS.map((d) => refineScale(cand.scale, d));
        for (const variant of variants) {
          for (let lead = -SPEC_HOP / 2; lead < SPEC_HOP / 2; lead += FINE_STEP) {
            const s = lead === 0 ? spec : spectrogramAt(lead < 0 ? lead + SPEC_HOP : lead);
            const f0 = lead < 0 ? fa + 1 : fa;
            const f1 = Math.min(s.frames, lead < 0 ? fb + 1 : fb);
            const trial = new WindowScorer(new UnitFeatures(s, f0, f1), pattern);
            const near = [cand.offset - OFFSET_STEP, cand.offset, cand.offset + OFFSET_STEP].map((o) => o - lead * variant.time);
            const [found] = trial.search([variant], near, 1, cand.rotation);
            if (found && found.sum / Math.sqrt(found.variance) > c.sum / Math.sqrt(c.variance)) {
              c = found;
              scorer = trial;
            }
          }
        }
      }
      return { c, scorer };
    };
    // Two tests share the error budget: offsets only (unscaled audio: crops, codecs, filters) and the full scale
    // search, each at half the level when both run: p = min(2 N1 tail1, 2 N tail).
    const unscaled = findBest([scales[0]!]);
    if (!unscaled) continue;
    let { c, scorer } = unscaled;
    let syncP = Math.min(1, (scales.length > 1 ? 2 : 1) * unscaledCandidates * c.tail);
    if (scales.length > 1) {
      const scaled = findBest(scales);
      const scaledP = scaled ? Math.min(1, 2 * candidates * scaled.c.tail) : 1;
      if (scaled && scaledP < syncP) ({ c, scorer, syncP } = { ...scaled, syncP: scaledP });
    }
    // Decode at the best candidate when the sync alone, or the sync with a valid CRC, could reach the threshold.
    let windowP = syncP;
    if (syncP * CRC_FALSE_PASS <= maxP) {
      const f = scorer.features;
      scorer.compute(c.scale, c.offset);
      const result = decode(scorer.softBits(c.rotation));
      if (result.payload) windowP = syncP * CRC_FALSE_PASS;
      if (windowP <= maxP) {
        const start = Math.max(0, f.secondsAt(2 * f.firstPair * SLOT, c.scale, c.offset));
        const end = Math.min(x.length / INTERNAL_RATE, f.secondsAt(2 * (f.firstPair + f.pairs) * SLOT, c.scale, c.offset));
        const last = segments.at(-1);
        if (last && start <= last.end) last.end = Math.max(last.end, end);
        else segments.push({ start, end });
        if (!decoded || (!decoded.payload && result.payload)) decoded = result;
      }
    }
    if (windowP < bestP || !best) {
      bestP = windowP;
      best = c;
    }
  }
  if (!best) return none;
  const falsePositiveProbability = bestP;
  const detected = falsePositiveProbability <= maxP;
  const { time, freq } = best.scale;
  return {
    detected,
    ...(detected && decoded?.payload ? { payload: decoded.payload } : {}),
    bitErrors: detected ? (decoded?.bitErrors ?? 0) : 0,
    falsePositiveProbability,
    score: best.sum / Math.sqrt(best.variance),
    segments: detected ? segments : [],
    ...(time !== 1 || freq !== 1
      ? { timeScale: time, frequencyScale: freq, ...(time === freq ? { speedFactor: time } : {}) }
      : {}),
  };
}
