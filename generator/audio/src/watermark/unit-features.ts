import { Fft } from "../fft/fft.js";
import { BANDS, INTERNAL_RATE, SLOT, bandEdgeHz, unitWeight } from "./layout.js";

/**
 * The unit values y = log E(A) - log E(B) (see layout.ts), read from a power spectrogram of the 16 kHz mono signal
 * (Hann, 1024 points, hop 256) through 2-D prefix sums, so that any time offset, time scale and frequency scale costs
 * four look-ups per tile. The embedder and the detector share this code: the embedder measures exactly what the
 * detector will measure.
 */
export const SPEC_N = 1024;
export const SPEC_HOP = 256;
export const SPEC_BINS = Math.ceil((bandEdgeHz(BANDS - 1) * 1.08 * SPEC_N) / INTERNAL_RATE) + 2;
const HZ_PER_BIN = INTERNAL_RATE / SPEC_N;
/**
 * Embedding frames are centred on multiples of 512 and slot q holds the four centred on q * SLOT + {0..1536}: the
 * slot's full-weight region is [q * SLOT, q * SLOT + 1536). A tile sums the spectrogram frames centred inside it.
 */
const SLOT_START = 0;
const SLOT_END = SLOT - 512;

const HANN = (() => {
  const w = new Float64Array(SPEC_N);
  for (let i = 0; i < SPEC_N; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / SPEC_N);
  return w;
})();

export interface Spectrogram {
  /** P[f * (SPEC_BINS + 1) + k] = power summed over frames < f and bins < k. */
  integral: Float64Array;
  frames: number;
  /** Mean power per (frame, bin) cell. */
  meanCell: number;
}

/**
 * Prefix-summed power spectrogram of x; frame f covers x[f * SPEC_HOP - lead, + SPEC_N) (zeros outside x), and
 * frames continue until the last one that starts before x.length + trail - SPEC_N.
 */
export function spectrogram(x: Float32Array, lead = 0, trail = 0): Spectrogram {
  const span = x.length + lead + trail;
  const frames = span >= SPEC_N ? Math.floor((span - SPEC_N) / SPEC_HOP) + 1 : 0;
  const W = SPEC_BINS + 1;
  const integral = new Float64Array((frames + 1) * W);
  const fft = new Fft(SPEC_N);
  const re = new Float64Array(SPEC_N);
  const im = new Float64Array(SPEC_N);
  let total = 0;
  for (let f = 0; f < frames; f++) {
    const start = f * SPEC_HOP - lead;
    for (let i = 0; i < SPEC_N; i++) {
      const t = start + i;
      re[i] = t >= 0 && t < x.length ? x[t]! * HANN[i]! : 0;
      im[i] = 0;
    }
    fft.transform(re, im);
    const row = (f + 1) * W;
    const prev = f * W;
    let acc = 0;
    for (let k = 0; k < SPEC_BINS; k++) {
      acc += re[k]! * re[k]! + im[k]! * im[k]!;
      integral[row + k + 1] = integral[prev + k + 1]! + acc;
    }
    total += acc;
  }
  return { integral, frames, meanCell: frames > 0 ? total / (frames * SPEC_BINS) : 0 };
}

/** A time / frequency scale of the search: time 1.03 and freq 1.03 undo a 3% speed-up. */
export interface Scale {
  time: number;
  freq: number;
}

/** First and one-past-last spectrogram bin of each band at frequency scale `freq` (1024-point FFT at 16 kHz). */
export function bandBins(freq: number, k0: Int32Array | Float64Array, k1: Int32Array | Float64Array, exact = false): void {
  const at = (hz: number) => (exact ? (freq * hz) / HZ_PER_BIN + 0.5 : Math.round((freq * hz) / HZ_PER_BIN));
  for (let j = 0; j < BANDS; j++) {
    const lo = Math.max(1, at(bandEdgeHz(j - 1)));
    k0[j] = lo;
    k1[j] = Math.min(SPEC_BINS - 1, Math.max(lo + 1, at(bandEdgeHz(j))));
  }
}

/** The prefix sum at fractional (frame, bin), bilinear between the integer grid points. */
function prefixAt(I: Float64Array, f: number, k: number): number {
  const W = SPEC_BINS + 1;
  const fi = Math.floor(f);
  const ki = Math.floor(k);
  const ff = f - fi;
  const kf = k - ki;
  const a = fi * W + ki;
  const top = I[a]! + kf * (I[a + 1]! - I[a]!);
  if (ff === 0) return top;
  const b = a + W;
  const bottom = I[b]! + kf * (I[b + 1]! - I[b]!);
  return top + ff * (bottom - top);
}

/** Unit values over frames [fa, fb) of a spectrogram, for one (scale, offset) at a time; buffers reused. */
export class UnitFeatures {
  readonly #spec: Spectrogram;
  readonly #fa: number;
  readonly #fb: number;
  readonly #eps: number;
  /** y per local pair and band (local pair p is pair firstPair + p of the original timeline). */
  readonly values: Float64Array;
  /** min(log E(A), log E(B)) - log(mean cell power): how far the quieter tile sits above the average, nats. */
  readonly level: Float64Array;
  /** unitWeight(level). */
  readonly weight: Float64Array;
  pairs = 0;
  firstPair = 0;
  readonly #k0 = new Float64Array(BANDS);
  readonly #k1 = new Float64Array(BANDS);

  constructor(spec: Spectrogram, fa = 0, fb = spec.frames) {
    this.#spec = spec;
    this.#fa = fa;
    this.#fb = fb;
    this.#eps = spec.meanCell * 1e-7 + 1e-30;
    const maxPairs = Math.ceil(((fb - fa) * SPEC_HOP * 1.1) / (2 * SLOT)) + 2;
    this.values = new Float64Array(maxPairs * BANDS);
    this.level = new Float64Array(maxPairs * BANDS);
    this.weight = new Float64Array(maxPairs * BANDS);
  }

  /**
   * Mean power of the tile spanning fractional frames [f0, f1) and bins [k0, k1) of the prefix-sum grid (grid point f
   * sits half a hop before frame f's centre... any consistent convention serves: embedder and detector share it).
   */
  #logTile(f0: number, f1: number, k0: number, k1: number): number {
    const I = this.#spec.integral;
    const sum = prefixAt(I, f1, k1) - prefixAt(I, f0, k1) - prefixAt(I, f1, k0) + prefixAt(I, f0, k0);
    return Math.log(Math.max(0, sum) / ((f1 - f0) * (k1 - k0)) + this.#eps);
  }

  /** First frame whose centre maps at or after original time t (16 kHz samples); tiles whole frames in time. */
  #frameAt(t: number, offset: number, time: number): number {
    return this.#fa + Math.ceil(((t - offset) / time - SPEC_N / 2) / SPEC_HOP - 1e-9);
  }

  /**
   * Computes the unit values of every whole pair in the window, where `offset` is the original time (16 kHz samples
   * from the start of the marked timeline, modulo the block) of frame fa's centre and `scale` maps the input to it.
   */
  compute(scale: Scale, offset: number): void {
    bandBins(scale.freq, this.#k0, this.#k1, scale.freq !== 1);
    const time = scale.time;
    const logMean = Math.log(this.#spec.meanCell + this.#eps);
    let p = 0;
    this.firstPair = 0;
    const start = Math.max(0, Math.floor(offset / (2 * SLOT)) - 1);
    for (let P = start; ; P++) {
      const a0 = this.#frameAt(2 * P * SLOT + SLOT_START, offset, time);
      const a1 = this.#frameAt(2 * P * SLOT + SLOT_END, offset, time);
      const b0 = this.#frameAt((2 * P + 1) * SLOT + SLOT_START, offset, time);
      const b1 = this.#frameAt((2 * P + 1) * SLOT + SLOT_END, offset, time);
      if (b1 > this.#fb || p * BANDS >= this.values.length) break;
      if (a0 < this.#fa) continue;
      if (p === 0) this.firstPair = P;
      const row = p * BANDS;
      for (let j = 0; j < BANDS; j++) {
        const k0 = this.#k0[j]!;
        const k1 = this.#k1[j]!;
        const la = this.#logTile(a0, a1, k0, k1);
        const lb = this.#logTile(b0, b1, k0, k1);
        this.values[row + j] = la - lb;
        const level = Math.min(la, lb) - logMean;
        this.level[row + j] = level;
        this.weight[row + j] = unitWeight(level, Math.max(la, lb) - logMean);
      }
      p++;
    }
    this.pairs = p;
  }

  /** Seconds from the start of frame 0's input of original time t under (scale, offset). */
  secondsAt(t: number, scale: Scale, offset: number, lead = 0): number {
    return (this.#fa * SPEC_HOP - lead + SPEC_N / 2 + (t - offset) / scale.time) / INTERNAL_RATE;
  }
}
