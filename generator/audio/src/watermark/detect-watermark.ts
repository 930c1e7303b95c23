import { downmix, type Pcm } from "../pcm.js";
import { Resampler } from "../resample/resampler.js";
import { bitsToBytes, crc16Bits } from "./crc16.js";
import { convEncode, viterbiDecode } from "./convolutional-code.js";
import {
  BLOCK_COLUMNS,
  CODED_BITS,
  COLUMN,
  CRC_BITS,
  INTERNAL_RATE,
  MESSAGE_BITS,
  PAYLOAD_BITS,
  QIM_STEPS,
  SPANS,
  SPAN_COLUMNS,
  UNITS,
  UNITS_PER_SPAN,
  watermarkPattern,
  type WatermarkPattern,
} from "./layout.js";
import { PairFeatures, SPEC_HOP, spectrogram, type Scale, type Spectrogram } from "./pair-features.js";
import { bernsteinTail } from "./significance.js";
import { DENSE_UNIT_PAIRS, SPARSE_SHARE, UnitProjections } from "./unit-projections.js";
import { requireWatermarkAudio } from "./validate-audio.js";
import { parseWatermarkKey, type WatermarkKey } from "./watermark-key.js";

export interface DetectWatermarkOptions {
  /** Largest false-positive probability (per call) that counts as a detection; 1e-6 by default. */
  maxFalsePositiveProbability?: number;
  /** Search speed, tempo and pitch factors in [0.935, 1.065] (default true); false searches time offsets only. */
  searchScales?: boolean;
  /** Analysis window for long inputs, seconds (default 10; windows overlap by half). */
  windowSeconds?: number;
  /**
   * Run the scale search even in windows where the offsets-only search already decoded a detection (default false).
   * The scale search costs about three times the offsets-only one, and there it could only lower the reported
   * probability: both tests keep their half of the error budget whether or not the second one runs.
   */
  exhaustiveScales?: boolean;
}

export interface WatermarkSegment {
  start: number;
  end: number;
}

export interface DetectWatermarkReturnType {
  detected: boolean;
  /** The payload, when detected and its CRC-16 checks. */
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
 * Coarse offsets over one column (the block rotation supplies whole columns): steps of the spectrogram hop (8 ms) for
 * the unscaled search, twice that for the scale search (whose refinement then recovers the rest).
 */
const coarseOffsets = (step: number) => Array.from({ length: COLUMN / step }, (_, o) => o * step);
const COARSE_OFFSETS = coarseOffsets(SPEC_HOP);
const SCALED_COARSE_OFFSETS = coarseOffsets(2 * SPEC_HOP);
/** Refinement: offsets on a FINE_OFFSET grid, time scales on a FINE_TIME grid, frequency scales on FINE_FREQ. */
const FINE_OFFSET = 16;
const FINE_TIME = 0.0005;
const FINE_FREQ = 0.0025;
/** The searched range of scale factors, and the coarse steps (half-step errors: 0.125% in time, 0.5% in frequency). */
const SCALE_RANGE = 0.065;
const COARSE_TIME = 0.0025;
const COARSE_FREQ = 0.01;
/** Candidates kept from the coarse search and refined; candidates decoded. */
const REFINE = 4;
const DECODE = 2;
/**
 * Distinct candidates the search can report per window (the Bonferroni count): offsets on the fine grid x block
 * rotations x QIM steps (the embedder chose one per track; the detector tries each) x scales on the fine grid (1,
 * speed and tempo on the time grid, pitch on the frequency grid).
 */
const ROTATIONS = BLOCK_COLUMNS;
const STEPS = QIM_STEPS.length;
const ALL_STEPS = QIM_STEPS.map((_, k) => k);
const FINE_OFFSETS = COLUMN / FINE_OFFSET;
const FINE_SCALES = 1 + 2 * Math.round((2 * SCALE_RANGE) / FINE_TIME) + Math.round((2 * SCALE_RANGE) / FINE_FREQ);
/**
 * Under the null hypothesis the data units' dithers are uniform and independent of the audio and of the sync units'
 * dithers, which alone chose the candidates; d and d + 1/2 are equally likely for each data unit, and that flips the
 * sign of its soft value. The decoded message at a candidate is therefore uniform over all messages (the code is
 * linear and Viterbi decoding commutes with codeword sign flips), and its CRC-16 passes with probability 2^-16, for
 * each of the DECODE candidates (union bound).
 */
const CRC_FALSE_PASS = DECODE * 2 ** -16;
const TWO_PI = 2 * Math.PI;
/** cos(2 pi i / PHASOR_TABLE) for i in [0, PHASOR_TABLE], linearly interpolated by the search. */
const PHASOR_TABLE = 1024;
const COS_TABLE = Float64Array.from({ length: PHASOR_TABLE + 1 }, (_, i) => Math.cos((TWO_PI * i) / PHASOR_TABLE));

/**
 * The weight of a unit copy in the phasor sums. In windows of sparse audio (UnitProjections.denseShare below
 * SPARSE_SHARE) a unit with few live pairs is one the embedder could hardly move (lattice fit 0.25, 0.39, 0.53, 0.83,
 * 0.94 for 0 to 4 live pairs): weight (live + 1) / (DENSE_UNIT_PAIRS + 1), at most 1. Elsewhere 1 (on real music the
 * weights did not help). Weights and gate come from the audio alone: under the null hypothesis the dithers stay
 * uniform and independent of them, so the Bernstein bound (on the weighted phasor sums) and the CRC argument hold.
 */
function copyWeight(pr: UnitProjections, index: number): number {
  return pr.denseShare < SPARSE_SHARE ? Math.min(1, (pr.live[index]! + 1) / (DENSE_UNIT_PAIRS + 1)) : 1;
}

type Family = "none" | "speed" | "tempo" | "pitch";

interface Candidate {
  z: number;
  sum: number;
  variance: number;
  bound: number;
  scale: Scale;
  family: Family;
  offset: number;
  rotation: number;
  /** Index into QIM_STEPS. */
  step: number;
}

/** Coarse scales: 1, speed and tempo on the coarse time grid, pitch on the coarse frequency grid. */
function coarseScales(search: boolean): { scale: Scale; family: Family }[] {
  const out: { scale: Scale; family: Family }[] = [{ scale: { time: 1, freq: 1 }, family: "none" }];
  if (!search) return out;
  const steps = Math.round(SCALE_RANGE / COARSE_TIME);
  for (let i = -steps; i <= steps; i++) {
    if (i === 0) continue;
    const s = 1 + i * COARSE_TIME;
    out.push({ scale: { time: s, freq: s }, family: "speed" }, { scale: { time: s, freq: 1 }, family: "tempo" });
  }
  const fsteps = Math.round(SCALE_RANGE / COARSE_FREQ);
  for (let i = -fsteps; i <= fsteps; i++) if (i !== 0) out.push({ scale: { time: 1, freq: 1 + i * COARSE_FREQ }, family: "pitch" });
  return out;
}

/** Receives the synchronisation sum of one (rotation, QIM step index) with its Bernstein variance and bound. */
type SyncVisit = (rotation: number, step: number, sum: number, variance: number, bound: number) => void;

/** Scores the synchronisation of one analysis window at any (scale, offset, rotation, QIM step). */
class WindowScorer {
  readonly features: PairFeatures;
  readonly #pattern: WatermarkPattern;
  readonly #projections = new UnitProjections();
  /** cos / sin of 2 pi d of each sync unit (in block-unit order). */
  readonly #syncCos: Float64Array;
  readonly #syncSin: Float64Array;
  /**
   * Per rotation a by whole spans and sync unit i: the unit whose copies land on sync unit i under that rotation
   * (#syncFrom[a * syncUnits + i]); the rotation loop then visits only the 68 sync units, without a branch per unit.
   */
  readonly #syncFrom: Int32Array;
  /** Per QIM step, the phasor sums of the copies of each (span at rotation b, local unit), re / im. */
  readonly #zRe = QIM_STEPS.map(() => new Float64Array(UNITS));
  readonly #zIm = QIM_STEPS.map(() => new Float64Array(UNITS));

  constructor(features: PairFeatures, pattern: WatermarkPattern) {
    this.features = features;
    this.#pattern = pattern;
    const syncUnits = Int32Array.from(pattern.codedBit.keys()).filter((u) => pattern.codedBit[u]! < 0);
    this.#syncCos = Float64Array.from(syncUnits, (u) => Math.cos(TWO_PI * pattern.dither[u]!));
    this.#syncSin = Float64Array.from(syncUnits, (u) => Math.sin(TWO_PI * pattern.dither[u]!));
    const count = syncUnits.length;
    this.#syncFrom = new Int32Array(SPANS * count);
    for (let a = 0; a < SPANS; a++) {
      for (let i = 0; i < count; i++) {
        const to = syncUnits[i]!;
        const span = Math.floor(to / UNITS_PER_SPAN);
        this.#syncFrom[a * count + i] = ((span - a + SPANS) % SPANS) * UNITS_PER_SPAN + (to % UNITS_PER_SPAN);
      }
    }
  }

  /**
   * For the current features, each QIM step in `steps` and every rotation b + a * SPAN_COLUMNS, the synchronisation
   * sum over the sync units of sum_copies cos(2 pi (x / step - d)), 1 per copy on the bit-0 lattice. Copies of a unit share its dither:
   * conditional on the audio, the unit's summed score is |Z| cos(phase - 2 pi d) with Z the phasor sum of the copies,
   * so it is bounded by |Z| with variance |Z|^2 / 2 under the null (d uniform and independent of the audio).
   */
  #syncAll(b: number, steps: readonly number[], visit: SyncVisit): void {
    const pr = this.#projections;
    pr.compute(this.features, this.#pattern, b);
    if (pr.count === 0) return;
    for (const k of steps) this.#syncStep(b, k, visit);
  }

  /** The sums for QIM step k (index into QIM_STEPS) over the projections of span alignment b. */
  #syncStep(b: number, k: number, visit: SyncVisit): void {
    const pr = this.#projections;
    const zRe = this.#zRe[k]!;
    const zIm = this.#zIm[k]!;
    zRe.fill(0);
    zIm.fill(0);
    const turns = 1 / QIM_STEPS[k]!;
    const weighted = pr.denseShare < SPARSE_SHARE;
    for (let s = 0; s < pr.count; s++) {
      const base = pr.blockSpan[s]! * UNITS_PER_SPAN;
      for (let l = 0; l < UNITS_PER_SPAN; l++) {
        // Phase in turns, looked up in a cosine table (the search's hot loop; ~5e-6 from Math.cos / Math.sin).
        let t = turns * pr.values[s * UNITS_PER_SPAN + l]!;
        t = (t - Math.floor(t)) * PHASOR_TABLE;
        const i = Math.floor(t);
        const f = t - i;
        const j = (i + PHASOR_TABLE / 4) % PHASOR_TABLE;
        const q = weighted ? copyWeight(pr, s * UNITS_PER_SPAN + l) : 1;
        zRe[base + l]! += q * (COS_TABLE[i]! + f * (COS_TABLE[i + 1]! - COS_TABLE[i]!));
        zIm[base + l]! -= q * (COS_TABLE[j]! + f * (COS_TABLE[j + 1]! - COS_TABLE[j]!));
      }
    }
    const dc = this.#syncCos;
    const ds = this.#syncSin;
    const fromOf = this.#syncFrom;
    const count = dc.length;
    for (let a = 0; a < SPANS; a++) {
      let sum = 0;
      let variance = 0;
      let bound = 0;
      for (let i = 0, o = a * count; i < count; i++, o++) {
        const from = fromOf[o]!;
        const re = zRe[from]!;
        const im = zIm[from]!;
        sum += re * dc[i]! + im * ds[i]!;
        const m2 = re * re + im * im;
        variance += m2;
        if (m2 > bound) bound = m2;
      }
      visit(b + a * SPAN_COLUMNS, k, sum, variance / 2, Math.sqrt(bound));
    }
  }

  /** Every rotation and QIM step at (scale, offset), or only (`rotation`, `step`); calls visit with each candidate. */
  evaluate(scale: Scale, family: Family, offset: number, visit: (c: Candidate) => void, rotation?: number, step?: number): void {
    this.features.compute(scale, offset);
    const steps = step === undefined ? ALL_STEPS : [step];
    for (let b = 0; b < SPAN_COLUMNS; b++) {
      if (rotation !== undefined && rotation % SPAN_COLUMNS !== b) continue;
      this.#syncAll(b, steps, (r, k, sum, variance, bound) => {
        if (rotation !== undefined && r !== rotation) return;
        const z = variance > 0 ? sum / Math.sqrt(variance) : 0;
        visit({ z, sum, variance, bound, scale, family, offset, rotation: r, step: k });
      });
    }
  }

  /** Soft coded bits (positive: 1) at a candidate: per unit, the phasor sum of its copies against its bit-0 lattice. */
  softBits(c: Candidate): Float64Array {
    this.features.compute(c.scale, c.offset);
    const pr = this.#projections;
    pr.compute(this.features, this.#pattern, c.rotation);
    const { dither, codedBit } = this.#pattern;
    const soft = new Float64Array(CODED_BITS);
    const w = TWO_PI / QIM_STEPS[c.step]!;
    for (let s = 0; s < pr.count; s++) {
      const base = pr.blockSpan[s]! * UNITS_PER_SPAN;
      for (let l = 0; l < UNITS_PER_SPAN; l++) {
        const u = base + l;
        if (codedBit[u]! < 0) continue;
        const q = copyWeight(pr, s * UNITS_PER_SPAN + l);
        soft[codedBit[u]!]! -= q * Math.cos(w * pr.values[s * UNITS_PER_SPAN + l]! - TWO_PI * dither[u]!);
      }
    }
    return soft;
  }

  /** Seconds covered by the current candidate's complete spans. */
  extent(c: Candidate): { start: number; end: number } {
    this.features.compute(c.scale, c.offset);
    const f = this.features;
    return {
      start: Math.max(0, f.secondsAt(f.firstColumn * COLUMN, c.scale, c.offset, INTERNAL_RATE)),
      end: f.secondsAt((f.firstColumn + f.columns) * COLUMN, c.scale, c.offset, INTERNAL_RATE),
    };
  }
}

/** Keeps the `size` best candidates by z. */
class TopCandidates {
  readonly items: Candidate[] = [];
  constructor(readonly size: number) {}
  add = (c: Candidate): void => {
    const items = this.items;
    if (items.length === this.size && !(c.z > items[items.length - 1]!.z)) return;
    items.push(c);
    items.sort((a, b) => b.z - a.z);
    if (items.length > this.size) items.pop();
  };
}

/** Hill-climbs a candidate over the fine offset / scale grids at its rotation. */
function refine(scorer: WindowScorer, start: Candidate): Candidate {
  let best = start;
  const moves: [number, number, number][] = [];
  for (const d of [64, 32, 16]) moves.push([d, 0, 0], [-d, 0, 0]);
  if (start.family === "speed" || start.family === "tempo") for (const d of [2, 1]) moves.push([0, d, 0], [0, -d, 0]);
  if (start.family === "pitch") for (const d of [2, 1]) moves.push([0, 0, d], [0, 0, -d]);
  for (let round = 0; round < 6; round++) {
    let improved = false;
    for (const [dOffset, dTime, dFreq] of moves) {
      const time = best.scale.time + dTime * FINE_TIME;
      const freq = best.family === "speed" ? time : best.scale.freq + dFreq * FINE_FREQ;
      const offset = best.offset + dOffset;
      scorer.evaluate({ time, freq }, best.family, offset, (c) => {
        if (c.z > best.z) {
          best = c;
          improved = true;
        }
      }, best.rotation, best.step);
    }
    if (!improved) break;
  }
  return best;
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

interface WindowResult {
  p: number;
  best: Candidate;
  decoded?: { payload?: Uint8Array; bitErrors: number };
  extent?: { start: number; end: number };
}

/** The search and decision on spectrogram frames [fa, fb). */
function searchWindow(
  spec: Spectrogram,
  fa: number,
  fb: number,
  pattern: WatermarkPattern,
  searchScales: boolean,
  exhaustiveScales: boolean,
  maxP: number,
): WindowResult | undefined {
  const anchor = Math.round(((fa + fb) / 2) * SPEC_HOP);
  const scorer = new WindowScorer(new PairFeatures(spec, fa, fb, anchor), pattern);
  // Two tests share the error budget: offsets only (unscaled audio: crops, codecs, filters) and the full scale
  // search, each at half the level when both run: p = min(2 N1 tail1, 2 N tail).
  const tests = searchScales ? 2 : 1;
  const run = (grid: { scale: Scale; family: Family }[], candidates: number) => {
    const top = new TopCandidates(REFINE);
    const offsets = grid.length > 1 ? SCALED_COARSE_OFFSETS : COARSE_OFFSETS;
    for (const { scale, family } of grid) for (const offset of offsets) scorer.evaluate(scale, family, offset, top.add);
    const refined = new TopCandidates(REFINE);
    for (const c of top.items) refined.add(refine(scorer, c));
    return refined.items.map((c) => ({ c, p: Math.min(1, tests * candidates * bernsteinTail(c.sum, c.variance, c.bound)) }));
  };
  const decide = (found: { c: Candidate; p: number }[]): WindowResult => {
    const best = found[0]!;
    let p = best.p;
    if (p * CRC_FALSE_PASS > maxP) return { p, best: best.c };
    let decoded: WindowResult["decoded"];
    let at = best.c;
    for (const { c } of found.slice(0, DECODE)) {
      const result = decode(scorer.softBits(c));
      if (result.payload) {
        decoded = result;
        at = c;
        p *= CRC_FALSE_PASS;
        break;
      }
      decoded ??= result;
    }
    return { p, best: at, decoded, extent: p <= maxP ? scorer.extent(at) : undefined };
  };
  const unscaled = run(coarseScales(false), FINE_OFFSETS * ROTATIONS * STEPS);
  if (unscaled.length === 0) return undefined;
  if (!searchScales) return decide(unscaled);
  // Unscaled audio (the common case: crops, codecs, filters) is settled here, at a third of the full search's cost.
  const early = exhaustiveScales ? undefined : decide(unscaled);
  if (early && early.p <= maxP && early.decoded?.payload) return early;
  const scaled = run(coarseScales(true), FINE_SCALES * FINE_OFFSETS * ROTATIONS * STEPS);
  if (scaled.length > 0 && scaled[0]!.p < unscaled[0]!.p) return decide(scaled);
  return early ?? decide(unscaled);
}

/**
 * Searches `pcm` for the watermark of `key`: per analysis window (10 s, half-overlapping, for long inputs), every time
 * offset, block rotation and (by default) speed / tempo / pitch factor in [0.935, 1.065]. The best synchronisation
 * sum gives a Bonferroni-corrected Bernstein false-positive probability; the payload is Viterbi-decoded at the best
 * candidates and, when its CRC-16 checks, that evidence multiplies the probability by 2^-16 per decoded candidate.
 * A window whose offsets-only search already decodes a detection skips its scale search (see `exhaustiveScales`).
 *
 * @throws InvalidWatermarkKeyError, InvalidWatermarkAudioError (NaN samples, no channels...). Digital silence, or audio
 *   too short to hold one span, is a clean non-detection.
 * @example
 * const { detected, payload, falsePositiveProbability } = detectWatermark(pcm, key);
 */
export function detectWatermark(pcm: Pcm, key: WatermarkKey, options: DetectWatermarkOptions = {}): DetectWatermarkReturnType {
  const parsedKey = parseWatermarkKey(key);
  requireWatermarkAudio(pcm);
  const maxP = options.maxFalsePositiveProbability ?? 1e-6;
  const searchScales = options.searchScales ?? true;
  const windowSeconds = options.windowSeconds ?? 10;
  const exhaustiveScales = options.exhaustiveScales ?? false;
  const none: DetectWatermarkReturnType = { detected: false, bitErrors: 0, falsePositiveProbability: 1, score: 0, segments: [] };

  const mono = downmix(pcm);
  const x =
    pcm.sampleRate === INTERNAL_RATE ? mono : Resampler.forRates(pcm.sampleRate, INTERNAL_RATE, { quality: "medium" }).process(mono);
  let energy = 0;
  for (let i = 0; i < x.length; i++) energy += x[i]! * x[i]!;
  if (!(energy / Math.max(1, x.length) > 1e-12)) return none; // digital silence (below -120 dBFS)
  const spec = spectrogram(x);
  if (spec.frames === 0) return none;
  const pattern = watermarkPattern(parsedKey);

  const windowFrames = Math.max(16, Math.round((windowSeconds * INTERNAL_RATE) / SPEC_HOP));
  const windows: number[] = [0];
  if (spec.frames > Math.round(windowFrames * 1.5)) {
    const hop = Math.floor(windowFrames / 2);
    for (let s = hop; s + windowFrames < spec.frames; s += hop) windows.push(s);
    windows.push(spec.frames - windowFrames);
  }

  let best: WindowResult | undefined;
  const segments: WatermarkSegment[] = [];
  let decoded: WindowResult["decoded"];
  for (const fa of windows) {
    const fb = windows.length === 1 ? spec.frames : Math.min(spec.frames, fa + windowFrames);
    // Every window is a separate test: the budget is split evenly between them.
    const result = searchWindow(spec, fa, fb, pattern, searchScales, exhaustiveScales, maxP / windows.length);
    if (!result) continue;
    result.p = Math.min(1, result.p * windows.length);
    if (result.p <= maxP && result.extent) {
      const { start, end } = result.extent;
      const last = segments.at(-1);
      const clipped = { start: Math.max(0, start), end: Math.min(x.length / INTERNAL_RATE, end) };
      if (last && clipped.start <= last.end) last.end = Math.max(last.end, clipped.end);
      else segments.push(clipped);
      if (!decoded || (!decoded.payload && result.decoded?.payload)) decoded = result.decoded;
    }
    if (!best || result.p < best.p) best = result;
  }
  if (!best) return none;
  const falsePositiveProbability = best.p;
  const detected = falsePositiveProbability <= maxP;
  const { time, freq } = best.best.scale;
  return {
    detected,
    ...(detected && decoded?.payload ? { payload: decoded.payload } : {}),
    bitErrors: detected ? (decoded?.bitErrors ?? 0) : 0,
    falsePositiveProbability,
    score: best.best.z,
    segments: detected ? segments : [],
    ...(time !== 1 || freq !== 1 ? { timeScale: time, frequencyScale: freq, ...(time === freq ? { speedFactor: time } : {}) } : {}),
  };
}
