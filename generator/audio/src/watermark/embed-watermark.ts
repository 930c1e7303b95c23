import { InvalidPayloadError, InvalidWatermarkAudioError } from "../errors/watermark-error.js";
import { Fft } from "../fft/fft.js";
import { downmix, pcmLength, type Pcm } from "../pcm.js";
import { Resampler } from "../resample/resampler.js";
import { bytesToBits, crc16Bits } from "./crc16.js";
import { convEncode } from "./convolutional-code.js";
import {
  BANDS,
  BAND_EDGES,
  CRC_BITS,
  INTERNAL_RATE,
  MESSAGE_BITS,
  PAYLOAD_BITS,
  QIM_STEPS,
  SLOT,
  SPAN_PAIRS,
  UNITS_PER_SPAN,
  WATERMARK_PAYLOAD_BYTES,
  watermarkPattern,
  type WatermarkPattern,
} from "./layout.js";
import { PairFeatures, SPEC_N, spectrogram } from "./pair-features.js";
import { SPARSE_SHARE, UnitProjections } from "./unit-projections.js";
import { parseWatermarkKey, type WatermarkKey } from "./watermark-key.js";
import { requireWatermarkAudio } from "./validate-audio.js";

export interface EmbedWatermarkOptions {
  /** Floor on the signal-to-watermark ratio in dB over the whole track (default 38.5): the QIM move is scaled down to it. */
  targetSnrDb?: number;
}

export interface EmbedWatermarkReturnType {
  pcm: Pcm;
  /** Measured 10 log10(sum x^2 / sum (y - x)^2) over all channels; Infinity when nothing was added (silence). */
  snrDb: number;
  /**
   * The amplitude of the applied mark relative to the full QIM move on every unit, sqrt of their energy ratio (1 unless
   * the SNR floor bound: then the most expensive units were left unmoved, see `unitsToSkip`).
   */
  strength: number;
  /** The QIM step used (one of QIM_STEPS: the large one where the floor affords its full move). */
  qimStep: number;
}

const N = SPEC_N;
const HOP = N / 2;
/** Synthesis frame e is centred on e * HOP + HOP / 2, so that each slot holds SLOT / HOP whole frames. */
const FRAME_CENTRE = HOP / 2;

/** Band index of each bin of the 512-point FFT at 16 kHz (-1 outside the bands): the detector's bins at scale 1. */
const BIN_BAND: Int16Array = (() => {
  const out = new Int16Array(N / 2 + 1).fill(-1);
  for (let j = 0; j < BANDS; j++) for (let k = BAND_EDGES[j]!; k < BAND_EDGES[j + 1]!; k++) out[k] = j;
  return out;
})();

const FIRST_BIN = BAND_EDGES[0]!;
const LAST_BIN = BAND_EDGES[BANDS]!;
const IN_BAND = LAST_BIN - FIRST_BIN;
const FRAMES_PER_SLOT = SLOT / HOP;
const frameStart = (e: number) => e * HOP + FRAME_CENTRE - N / 2;

const SQRT_HANN = (() => {
  const w = new Float64Array(N);
  for (let i = 0; i < N; i++) w[i] = Math.sin((Math.PI * i) / N);
  return w;
})();

/** The message bits: payload then CRC-16 of the payload. */
export function messageBits(payload: Uint8Array): Uint8Array {
  const bits = new Uint8Array(MESSAGE_BITS);
  bits.set(bytesToBits(payload));
  const crc = crc16Bits(bits.subarray(0, PAYLOAD_BITS));
  for (let i = 0; i < CRC_BITS; i++) bits[PAYLOAD_BITS + i] = (crc >>> (CRC_BITS - 1 - i)) & 1;
  return bits;
}

/**
 * The host's in-band STFT bins at 16 kHz (sqrt-Hann, 512, hop 256, perfect reconstruction), computed once and reused by
 * every embedding pass: the host is the same in each, only the gains change. Two real frames share each complex FFT
 * (one in the real part, one in the imaginary part).
 */
class HostSpectrum {
  readonly frames: number;
  /** Per frame, the in-band bins FIRST_BIN..LAST_BIN (re, im interleaved). */
  readonly bins: Float64Array;

  constructor(
    readonly host: Float32Array,
    slots: number,
  ) {
    const n = host.length;
    this.frames = Math.min(slots * FRAMES_PER_SLOT, Math.ceil((n + N / 2) / HOP) + 1);
    this.bins = new Float64Array(this.frames * IN_BAND * 2);
    const fft = new Fft(N);
    const re = new Float64Array(N);
    const im = new Float64Array(N);
    for (let e = 0; e < this.frames; e += 2) {
      for (let h = 0; h < 2; h++) {
        const buffer = h === 0 ? re : im;
        const start = frameStart(e + h);
        for (let i = 0; i < N; i++) {
          const t = start + i;
          buffer[i] = e + h < this.frames && t >= 0 && t < n ? host[t]! * SQRT_HANN[i]! : 0;
        }
      }
      fft.transform(re, im);
      for (let k = FIRST_BIN; k < LAST_BIN; k++) {
        const m = N - k;
        const o = (e * IN_BAND + k - FIRST_BIN) * 2;
        this.bins[o] = (re[k]! + re[m]!) / 2;
        this.bins[o + 1] = (im[k]! - im[m]!) / 2;
        if (e + 1 < this.frames) {
          this.bins[o + IN_BAND * 2] = (im[k]! + im[m]!) / 2;
          this.bins[o + IN_BAND * 2 + 1] = (re[m]! - re[k]!) / 2;
        }
      }
    }
  }

  /**
   * The watermark signal: each in-band bin of a frame multiplied by (gain - 1), where gain is its (slot, band)'s
   * magnitude factor, inverse FFT, overlap-add. Scaling the host's own bins makes the change follow the local
   * spectrum: zero in digital silence, a fixed fraction under every partial. `logGain[slot * BANDS + band]` is the
   * natural log of the factor.
   */
  difference(logGain: Float64Array): Float32Array {
    const n = this.host.length;
    const out = new Float32Array(n);
    const fft = new Fft(N);
    const yRe = new Float64Array(N);
    const yIm = new Float64Array(N);
    const g = new Float64Array(BANDS);
    for (let e = 0; e < this.frames; e += 2) {
      yRe.fill(0);
      yIm.fill(0);
      // Frame e goes to the real part, frame e + 1 to the imaginary part: Y = A + iB with A, B Hermitian.
      for (let h = 0; h < 2 && e + h < this.frames; h++) {
        const slot = Math.floor((e + h) / FRAMES_PER_SLOT);
        for (let j = 0; j < BANDS; j++) g[j] = Math.exp(logGain[slot * BANDS + j]!) - 1;
        const base = (e + h) * IN_BAND * 2;
        for (let k = FIRST_BIN; k < LAST_BIN; k++) {
          const f = g[BIN_BAND[k]!]!;
          const o = base + (k - FIRST_BIN) * 2;
          const aRe = f * this.bins[o]!;
          const aIm = f * this.bins[o + 1]!;
          const m = N - k;
          if (h === 0) {
            yRe[k]! += aRe;
            yIm[k]! += aIm;
            yRe[m]! += aRe;
            yIm[m]! -= aIm;
          } else {
            yRe[k]! -= aIm;
            yIm[k]! += aRe;
            yRe[m]! += aIm;
            yIm[m]! += aRe;
          }
        }
      }
      fft.inverse(yRe, yIm);
      for (let h = 0; h < 2 && e + h < this.frames; h++) {
        const y = h === 0 ? yRe : yIm;
        const start = frameStart(e + h);
        for (let i = 0; i < N; i++) {
          const t = start + i;
          if (t >= 0 && t < n) out[t]! += y[i]! * SQRT_HANN[i]!;
        }
      }
    }
    return out;
  }
}

/**
 * The mark holds nothing above the top band edge (4 kHz) but the STFT's leakage, so its upsampling to the native rate
 * needs a passband to there only: the "low" windowed-sinc design (gain within 0.12 %, residual <= -64 dB of the mark up
 * to 4.3 kHz), at half the cost of "medium" (~10 % of the embedder's time). The host is downsampled with "medium", as
 * the detector does, so that the embedder measures what the detector will.
 */
const MARK_UPSAMPLE_QUALITY = "low";
/** Largest log magnitude change per tile (+-22%): keeps the change a small fraction of the host everywhere. */
const MAX_LOG_GAIN = 0.2;
/** On sparse music (see SPARSE_SHARE), where few pairs can carry a unit's move: +-35%. */
const SPARSE_MAX_LOG_GAIN = 0.3;
/** A pair's measured response below this fraction of its gain's ideal effect counts as this much (no division by 0). */
const MIN_RESPONSE = 0.1;
/** Largest pair contrast the embedder aims at (|y| -> 1 needs unbounded gains). */
const MAX_CONTRAST = 0.97;
const PASSES = 3;
/**
 * The large step is kept when its measured full move exceeds the floor by at most this energy factor (~0.2 dB, scaled
 * down uniformly: a small partial move costs little); beyond, the small step's unit selection does better.
 */
const LARGE_STEP_TOLERANCE = 1.05;
/**
 * The small step's full-move energy over its first pass's: the correction passes add about as much again (1.73-2.26
 * on 32 Wesnoth excerpts, median ~2). The low end: a track whose large step might fit is tried, and the measured
 * energy decides.
 */
const CORRECTION_GROWTH = 1.8;
/**
 * The large step is used only where the embedding reaches its lattice (mean fit after two of the three passes, see
 * latticeFit: 0.76-0.97 on 32 Wesnoth excerpts, 0.02-0.04 under the final fit; 0.39-0.46 on sparse renders, where the
 * small step does better).
 */
const MIN_LARGE_STEP_FIT = 0.72;
/** Embeddings with a corrected unit selection at most, when the full move exceeds the SNR floor. */
const SELECTION_ROUNDS = 2;
/**
 * How the move of a unit is shared among its pairs: in proportion to (1 - y^2)^2 (the contrast's sensitivity to a
 * gain) times the pair's power relative to the unit's mean to the power -COST_EXPONENT. 0 spreads the move evenly
 * (most robust to additive noise), 1 puts it where it costs the least signal energy; between, a compromise.
 */
const COST_EXPONENT = 1;

/** Per local unit: the span pairs (column-in-span * BANDS + band) that feed it. */
function unitPairs(pattern: WatermarkPattern): Int32Array[] {
  const lists: number[][] = Array.from({ length: UNITS_PER_SPAN }, () => []);
  for (let i = 0; i < SPAN_PAIRS; i++) lists[pattern.pairUnit[i]!]!.push(i);
  return lists.map((l) => Int32Array.from(l));
}

/** The result of one embedding at 16 kHz. */
interface StdmEmbedding {
  diff: Float32Array;
  /**
   * Per span instance and local unit (s * UNITS_PER_SPAN + l): the estimated signal energy of the unit's full move,
   * sum over its tiles of power * (log gain)^2, in spectrogram units (only ratios between units are meaningful).
   */
  cost: Float64Array;
  /** UnitProjections.denseShare of the host (units with enough live pairs to be moved). */
  denseShare: number;
  /** The lattice fit (see latticeFit) measured at the start of the last pass run: before its correction. */
  fitBeforeLastPass: number;
}

/** Runs the passes of one embedding up to `passes` in all (each call continues where the previous one stopped). */
type StdmEmbedder = (passes: number) => StdmEmbedding;

/**
 * Spread-transform dithered-QIM embedding at 16 kHz: measure the units' projections with the detector's own feature
 * code, aim each at the nearest point of its bit's lattice, share the move among the unit's pairs, turn each pair's
 * contrast change into magnitude factors exp(+-c) on its two tiles, and refine on the marked signal (the STFT's
 * overlap leaks part of each change into neighbouring tiles). Units whose `skip` entry is 1 are left where the host
 * put them. `sparse` (for sparse music) steers each unit's move to the pairs that measurably respond and allows larger
 * gains.
 */
function stdmEmbedder(
  spectrum: HostSpectrum,
  hostFeatures: PairFeatures,
  slots: number,
  unitBits: Uint8Array,
  pattern: WatermarkPattern,
  step: number,
  sparse: boolean,
  skip?: Uint8Array,
): StdmEmbedder {
  const maxLogGain = sparse ? SPARSE_MAX_LOG_GAIN : MAX_LOG_GAIN;
  const host = spectrum.host;
  const logGain = new Float64Array(slots * BANDS);
  const pairsOf = unitPairs(pattern);
  const projections = new UnitProjections();
  let target = new Float64Array(0);
  let cost = new Float64Array(0);
  let diff = new Float32Array(host.length);
  const weight = new Float64Array(SPAN_PAIRS);
  // Sparse music: per pair (column * BANDS + band), the host's atanh(y) and the measured share of the ideal effect of
  // its gains (a tile whose energy leaks in from the next slot, as at a note onset, barely responds): later passes
  // steer the move to the pairs that respond.
  const columns = Math.ceil(slots / 2);
  const hostAtanh = sparse ? new Float64Array(columns * BANDS) : undefined;
  const response = sparse ? new Float64Array(columns * BANDS).fill(1) : undefined;
  const pairGlobal = new Int32Array(SPAN_PAIRS);
  let denseShare = 1;
  let fitBeforeLastPass = 0;
  let pass = 0;
  return (passes) => {
    for (; pass < passes; pass++) {
      // Pass 0 measures the host, which every embedding of the track shares.
      const features = pass === 0 ? hostFeatures : measure(addMark(host, diff));
      projections.compute(features, pattern, 0);
      fitBeforeLastPass = latticeFit(projections, unitBits, pattern, step);
      if (pass === 0) {
        target = new Float64Array(projections.count * UNITS_PER_SPAN);
        cost = new Float64Array(projections.count * UNITS_PER_SPAN);
        denseShare = projections.denseShare;
      }
      const y = features.values;
      for (let s = 0; s < projections.count; s++) {
        const p0 = projections.firstColumn[s]!;
        const P0 = features.firstColumn + p0;
        for (let l = 0; l < UNITS_PER_SPAN; l++) {
          const index = s * UNITS_PER_SPAN + l;
          if (skip && skip[index]) continue;
          const x = projections.values[index]!;
          const u = projections.blockSpan[s]! * UNITS_PER_SPAN + l;
          if (pass === 0) {
            const c = (pattern.dither[u]! + unitBits[u]! / 2) * step;
            target[index] = c + step * Math.round((x - c) / step);
          }
          const move = target[index]! - x;
          const pairs = pairsOf[l]!;
          let mean = 0;
          for (const i of pairs) mean += features.powerA[p0 * BANDS + i]! + features.powerB[p0 * BANDS + i]!;
          mean /= pairs.length;
          if (!(mean > 0)) continue;
          let total = 0;
          for (const i of pairs) {
            const v = y[p0 * BANDS + i]!;
            const power = (features.powerA[p0 * BANDS + i]! + features.powerB[p0 * BANDS + i]!) / mean;
            let r = 1;
            if (hostAtanh && response) {
              const g = (P0 + Math.floor(i / BANDS)) * BANDS + (i % BANDS);
              pairGlobal[i] = g;
              if (g < hostAtanh.length) {
                const now = Math.atanh(Math.max(-MAX_CONTRAST, Math.min(MAX_CONTRAST, v)));
                const a = 2 * (P0 + Math.floor(i / BANDS)) * BANDS + (i % BANDS);
                const applied = logGain[a]! - logGain[a + BANDS]!;
                if (pass === 0) hostAtanh[g] = now;
                else if (Math.abs(applied) > 1e-3) {
                  response[g] = Math.max(MIN_RESPONSE, Math.min(1, (now - hostAtanh[g]!) / applied));
                }
                r = response[g]!;
              }
            }
            // A pair that responds with a share r of the ideal effect gets the move in proportion to r^2, its gain / r.
            const w = power > 1e-6 ? (1 - v * v) ** 2 * power ** -COST_EXPONENT * r * r : 0;
            weight[i] = w;
            total += w;
          }
          if (!(total > 0)) continue;
          const scale = move / (pattern.unitNorm[l]! * total);
          for (const i of pairs) {
            const v = y[p0 * BANDS + i]!;
            const wanted = Math.max(-MAX_CONTRAST, Math.min(MAX_CONTRAST, v + pattern.pairSign[i]! * weight[i]! * scale));
            const r = response && pairGlobal[i]! < response.length ? response[pairGlobal[i]!]! : 1;
            const c = (Math.atanh(wanted) - Math.atanh(Math.max(-MAX_CONTRAST, Math.min(MAX_CONTRAST, v)))) / 2 / r;
            const column = P0 + Math.floor(i / BANDS);
            const j = i % BANDS;
            const a = 2 * column * BANDS + j;
            const b = a + BANDS;
            if (b >= logGain.length) continue;
            if (pass === 0) cost[index]! += (features.powerA[p0 * BANDS + i]! + features.powerB[p0 * BANDS + i]!) * c * c;
            logGain[a] = Math.max(-maxLogGain, Math.min(maxLogGain, logGain[a]! + c));
            logGain[b] = Math.max(-maxLogGain, Math.min(maxLogGain, logGain[b]! - c));
          }
        }
      }
      diff = spectrum.difference(logGain) as Float32Array<ArrayBuffer>;
    }
    return { diff, cost, denseShare, fitBeforeLastPass };
  };
}

/** The detector's pair features of a 16 kHz signal at its own alignment (scale 1, offset 0). */
function measure(signal: Float32Array): PairFeatures {
  const features = new PairFeatures(spectrogram(signal, N / 2, N));
  features.compute({ time: 1, freq: 1 }, 0);
  return features;
}

function addMark(host: Float32Array, diff: Float32Array): Float32Array {
  const marked = new Float32Array(host.length);
  for (let i = 0; i < host.length; i++) marked[i] = host[i]! + diff[i]!;
  return marked;
}

/**
 * How well an embedding reached its lattice: the mean over the measured units of cos(2 pi (x / step - dither - bit / 2))
 * (1 when every unit sits on its lattice point, about 0 on unmarked audio).
 */
function latticeFit(projections: UnitProjections, unitBits: Uint8Array, pattern: WatermarkPattern, step: number): number {
  let sum = 0;
  for (let s = 0; s < projections.count; s++) {
    for (let l = 0; l < UNITS_PER_SPAN; l++) {
      const u = projections.blockSpan[s]! * UNITS_PER_SPAN + l;
      const x = projections.values[s * UNITS_PER_SPAN + l]!;
      sum += Math.cos(2 * Math.PI * (x / step - pattern.dither[u]! - unitBits[u]! / 2));
    }
  }
  return projections.count > 0 ? sum / (projections.count * UNITS_PER_SPAN) : 0;
}

/**
 * Which units to leave unmoved so that the moved ones cost `fraction` of the full mark's estimated energy: the most expensive
 * ones (a full move on a cheap unit is a correct bit with the whole QIM margin; a partial move on every unit would
 * leave self-noise on all of them). Greedy by estimated cost, cheapest first.
 */
export function unitsToSkip(cost: Float64Array, fraction: number): Uint8Array {
  const skip = new Uint8Array(cost.length);
  let total = 0;
  for (const c of cost) total += c;
  if (!(total > 0) || fraction >= 1) return skip;
  const allowed = fraction * total;
  const order = Array.from(cost.keys()).sort((p, q) => cost[p]! - cost[q]!);
  let spent = 0;
  for (const index of order) {
    if (spent + cost[index]! <= allowed) spent += cost[index]!;
    else skip[index] = 1;
  }
  return skip;
}

/**
 * Embeds the payload under `key`: CRC-16 and a rate-1/2 convolutional code, each coded bit carried by a unit of
 * spread-transform dithered QIM on band-energy contrasts between 64 ms slots (see layout.ts and README.md), repeated
 * every 4.1 s; computed on the 16 kHz mono downmix and added to every channel at the native rate, scaled down if
 * needed so that the track's SNR is at least `targetSnrDb`.
 *
 * @throws InvalidWatermarkKeyError, InvalidPayloadError, InvalidWatermarkAudioError.
 * @example
 * const { pcm: marked, snrDb } = embedWatermark(pcm, key, payload);
 */
export function embedWatermark(
  pcm: Pcm,
  key: WatermarkKey,
  payload: Uint8Array,
  options: EmbedWatermarkOptions = {},
): EmbedWatermarkReturnType {
  const parsedKey = parseWatermarkKey(key);
  if (!(payload instanceof Uint8Array) || payload.length !== WATERMARK_PAYLOAD_BYTES) {
    throw new InvalidPayloadError(
      `expected ${WATERMARK_PAYLOAD_BYTES} bytes, got ${payload instanceof Uint8Array ? payload.length : typeof payload}`,
    );
  }
  requireWatermarkAudio(pcm);
  const targetSnrDb = options.targetSnrDb ?? 38.5;
  if (!Number.isFinite(targetSnrDb)) throw new InvalidWatermarkAudioError("targetSnrDb must be a finite number");
  const pattern = watermarkPattern(parsedKey);
  const coded = convEncode(messageBits(payload));
  const unitBits = Uint8Array.from(pattern.codedBit, (c) => (c < 0 ? 0 : coded[c]!));

  const n = pcmLength(pcm);
  const rate = pcm.sampleRate;
  const mono = downmix(pcm);
  const host = rate === INTERNAL_RATE ? mono : Resampler.forRates(rate, INTERNAL_RATE, { quality: "medium" }).process(mono);
  const slots = Math.ceil(host.length / SLOT) + 1;
  const spectrum = new HostSpectrum(host, slots);
  const toNative = (mark16: Float32Array) =>
    rate === INTERNAL_RATE ? mark16 : Resampler.forRates(INTERNAL_RATE, rate, { quality: MARK_UPSAMPLE_QUALITY }).process(mark16, n);
  // The mark lies between 500 Hz and 4 kHz, so its energy per second is the same at 16 kHz and at the native rate: the
  // choices below are made on the 16 kHz mark, which is resampled once, at the end.
  const energy = (mark16: Float32Array) => {
    let sum = 0;
    for (let i = 0; i < mark16.length; i++) sum += mark16[i]! * mark16[i]!;
    return ((sum * rate) / INTERNAL_RATE) * pcm.channels.length;
  };

  // Input samples beyond +-1 are clipped in the output whatever the mark: that error counts against the floor too.
  let signal = 0;
  let hostClipping = 0;
  for (const ch of pcm.channels) {
    for (let i = 0; i < n; i++) {
      const v = ch[i]!;
      signal += v * v;
      if (v > 1 || v < -1) hostClipping += (Math.abs(v) - 1) ** 2;
    }
  }
  const budget = Math.max(0, signal / 10 ** (targetSnrDb / 10) - hostClipping);
  const hostFeatures = measure(host);
  const hostProjections = new UnitProjections();
  hostProjections.compute(hostFeatures, pattern, 0);
  // Sparse music: few units can be moved at all; the response-steered embedding with larger gains reaches more.
  const sparse = hostProjections.denseShare < SPARSE_SHARE;
  const embedderAt = (step: number, sparseMode: boolean, skip?: Uint8Array) =>
    stdmEmbedder(spectrum, hostFeatures, slots, unitBits, pattern, step, sparseMode, skip);
  const embedAt = (step: number, sparseMode: boolean, skip?: Uint8Array) => embedderAt(step, sparseMode, skip)(PASSES);
  const small = QIM_STEPS[0]!;
  let step = small;
  let full: StdmEmbedding | undefined;
  let mark16: Float32Array = new Float32Array(0);
  let fullPower = 0;
  // A full move's energy grows with the step squared (the distance to the lattice point is uniform over a step): where
  // the floor affords the large step's full move, use it, unless the measured energy disagrees or the embedder did not
  // reach the large lattice (sparse music: silent and saturated tiles cannot be moved, and larger moves clip). The
  // small step's full move is predicted from its first pass (the corrections add a near-constant share), so that a
  // track that takes the large step never pays for the small step's corrections.
  // On sparse music the response-steered passes add more (up to 2.3 times the first pass's energy): there the small
  // step's full move is measured first, and the large step tried only where it fits the floor by that measure.
  const smallEmbedder = embedderAt(small, sparse);
  const predicted = sparse
    ? energy((full = smallEmbedder(PASSES)).diff)
    : energy(smallEmbedder(1).diff) * CORRECTION_GROWTH;
  const allowance = sparse ? budget : budget * LARGE_STEP_TOLERANCE;
  // The largest step whose predicted full move fits the floor (one trial: a miss falls back to the small step).
  const large = QIM_STEPS.filter((q) => predicted * (q / small) ** 2 <= allowance).at(-1) ?? small;
  if (large > small) {
    const wide = embedAt(large, false);
    const widePower = energy(wide.diff);
    if (widePower <= budget * LARGE_STEP_TOLERANCE) {
      // The fits measured before the last correction pass (so that measuring them costs nothing); the small step's is
      // at most 1, so it is computed only where it could decide.
      const fitLarge = wide.fitBeforeLastPass;
      const reached =
        fitLarge >= MIN_LARGE_STEP_FIT &&
        (fitLarge * large > small || fitLarge * large > (full = smallEmbedder(PASSES)).fitBeforeLastPass * small);
      if (reached) {
        step = large;
        mark16 = wide.diff;
        fullPower = widePower;
      }
    }
  }
  let markPower = fullPower;
  if (step === small) {
    full ??= smallEmbedder(PASSES);
    mark16 = full.diff;
    fullPower = markPower = energy(mark16);
    // Under the SNR floor: full moves on the cheapest units, none on the most expensive. The estimated costs ignore
    // leakage between tiles, so the fraction is corrected on the measured energy (it is close to linear in it).
    let fraction = 1;
    for (let round = 0; round < SELECTION_ROUNDS && markPower > budget; round++) {
      fraction *= budget / markPower;
      mark16 = embedAt(step, sparse, unitsToSkip(full.cost, fraction)).diff;
      markPower = energy(mark16);
    }
  }
  const mark = toNative(mark16);
  let nativePower = 0;
  for (let i = 0; i < n; i++) nativePower += mark[i]! * mark[i]!;
  nativePower *= pcm.channels.length;
  // The cost estimate is approximate (leakage, clipping of gains): scale down whatever still exceeds the floor.
  const scale = nativePower > 0 ? Math.min(1, Math.sqrt(budget / nativePower)) : 0;

  let error = 0;
  const channels = pcm.channels.map((ch) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let v = ch[i]! + scale * mark[i]!;
      if (v > 1) v = 1;
      else if (v < -1) v = -1;
      out[i] = v;
      const d = v - ch[i]!;
      error += d * d;
    }
    return out;
  });
  const snrDb = error > 0 ? 10 * Math.log10(signal / error) : Infinity;
  const strength = fullPower > 0 ? scale * Math.sqrt(markPower / fullPower) : 0;
  return { pcm: { sampleRate: rate, channels }, snrDb, strength, qimStep: step };
}
