import { Fft } from "../fft/fft.js";
import { BANDS, BAND_EDGES, COLUMN, SLOT } from "./layout.js";

/**
 * The pair values y = (E_A - E_B) / (E_A + E_B) (see layout.ts), read from a power spectrogram of the 16 kHz mono
 * signal (Hann, 512 points, hop 128) through 2-D prefix sums, linearly interpolated in both time and frequency, so
 * that any time offset, time scale and frequency scale costs a few look-ups per tile. The embedder and the detector
 * share this code: the embedder measures exactly what the detector will measure.
 */
export const SPEC_N = 512;
export const SPEC_HOP = 128;
/** Prefix-sum columns: enough for the top band edge at a frequency scale of 1.08. */
export const SPEC_BINS = Math.ceil(BAND_EDGES[BANDS]! * 1.08) + 2;

const HANN = (() => {
  const w = new Float64Array(SPEC_N);
  for (let i = 0; i < SPEC_N; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / SPEC_N);
  return w;
})();

export interface Spectrogram {
  /** integral[g * (SPEC_BINS + 1) + k] = power summed over frames < g and bins < k. */
  integral: Float64Array;
  frames: number;
  /** Frame g is centred on input sample g * SPEC_HOP - lead + SPEC_N / 2. */
  lead: number;
  /** Mean power per (frame, bin) cell. */
  meanCell: number;
}

/**
 * Prefix-summed power spectrogram of x; frame g covers x[g * SPEC_HOP - lead, + SPEC_N) (zeros outside x). Two real
 * frames share one complex FFT (frame g in the real part, g + 1 in the imaginary part, separated by symmetry).
 */
export function spectrogram(x: Float32Array, lead = 0, trail = 0): Spectrogram {
  const span = x.length + lead + trail;
  const frames = span >= SPEC_N ? Math.floor((span - SPEC_N) / SPEC_HOP) + 1 : 0;
  const W = SPEC_BINS + 1;
  const integral = new Float64Array((frames + 1) * W);
  const fft = new Fft(SPEC_N);
  const re = new Float64Array(SPEC_N);
  const im = new Float64Array(SPEC_N);
  const power = [new Float64Array(SPEC_BINS), new Float64Array(SPEC_BINS)] as const;
  let total = 0;
  for (let g = 0; g < frames; g += 2) {
    for (let h = 0; h < 2; h++) {
      const out = h === 0 ? re : im;
      const start = (g + h) * SPEC_HOP - lead;
      for (let i = 0; i < SPEC_N; i++) {
        const t = start + i;
        out[i] = t >= 0 && t < x.length ? x[t]! * HANN[i]! : 0;
      }
    }
    fft.transform(re, im);
    for (let k = 0; k < SPEC_BINS; k++) {
      const m = k === 0 ? 0 : SPEC_N - k;
      const ar = re[k]! + re[m]!;
      const ai = im[k]! - im[m]!;
      const br = im[k]! + im[m]!;
      const bi = re[m]! - re[k]!;
      power[0][k] = (ar * ar + ai * ai) / 4;
      power[1][k] = (br * br + bi * bi) / 4;
    }
    for (let h = 0; h < 2 && g + h < frames; h++) {
      const row = (g + h + 1) * W;
      const prev = (g + h) * W;
      const pw = power[h]!;
      let acc = 0;
      for (let k = 0; k < SPEC_BINS; k++) {
        acc += pw[k]!;
        integral[row + k + 1] = integral[prev + k + 1]! + acc;
      }
      total += acc;
    }
  }
  return { integral, frames, lead, meanCell: frames > 0 ? total / (frames * SPEC_BINS) : 0 };
}

/** A time / frequency scale of the search: time 1.03 and freq 1.03 undo a 3% speed-up. */
export interface Scale {
  time: number;
  freq: number;
}

/**
 * Pair values over spectrogram frames [fa, fb) for one (scale, offset) at a time; buffers reused. The geometry:
 * sample i of the analysed signal holds original time t = offset + (i - anchor) * time, and original frequency h is
 * found at h * freq. Column P of the original timeline spans [P * COLUMN, (P + 1) * COLUMN): slot A its first half,
 * slot B its second. A tile's power is the prefix-sum box over the frames whose centres fall inside it (fractional at
 * both ends) and the bins inside its band (fractional at both edges). Anchoring the detector's windows at their
 * centre halves the drift that a residual time-scale error causes at the window's ends.
 */
export class PairFeatures {
  readonly #spec: Spectrogram;
  readonly #fa: number;
  readonly #fb: number;
  readonly #eps: number;
  readonly anchor: number;
  /** y per local column p and band (local column p is original column firstColumn + p). */
  readonly values: Float64Array;
  /** Mean power of slot A's and slot B's tile, per local column and band (the embedder's cost weights). */
  readonly powerA: Float64Array;
  readonly powerB: Float64Array;
  columns = 0;
  firstColumn = 0;
  /** Sum of powerA + powerB over the computed columns and bands. */
  powerSum = 0;
  readonly #k = new Float64Array(BANDS + 1);
  readonly #rows: [Float64Array, Float64Array, Float64Array] = [new Float64Array(BANDS), new Float64Array(BANDS), new Float64Array(BANDS)];
  readonly #band: Float64Array;
  #bandFreq = NaN;

  constructor(spec: Spectrogram, fa = 0, fb = spec.frames, anchor = 0) {
    this.#spec = spec;
    this.#fa = fa;
    this.#fb = fb;
    this.anchor = anchor;
    this.#eps = spec.meanCell * 1e-9 + 1e-30;
    const maxColumns = Math.ceil(((fb - fa) * SPEC_HOP * 1.1) / COLUMN) + 2;
    this.values = new Float64Array(maxColumns * BANDS);
    this.powerA = new Float64Array(maxColumns * BANDS);
    this.powerB = new Float64Array(maxColumns * BANDS);
    this.#band = new Float64Array((fb - fa + 2) * BANDS);
  }

  /** Fractional prefix row (frame boundary) of original time t. */
  #rowAt(t: number, offset: number, time: number): number {
    const i = this.anchor + (t - offset) / time;
    return (i + this.#spec.lead - SPEC_N / 2) / SPEC_HOP + 0.5;
  }

  /**
   * The band energies at frequency scale `freq`, cumulated over frames: band[(g - fa) * BANDS + j] is the prefix sum
   * over frames < g of band j's power (bins interpolated at the scaled edges). Recomputed only when `freq` changes,
   * so that every time scale and offset at one frequency scale costs a few look-ups per tile.
   */
  #setFrequency(freq: number): void {
    if (freq === this.#bandFreq) return;
    this.#bandFreq = freq;
    const k = this.#k;
    for (let j = 0; j <= BANDS; j++) k[j] = (BAND_EDGES[j]! - 0.5) * freq + 0.5;
    const I = this.#spec.integral;
    const stride = SPEC_BINS + 1;
    const band = this.#band;
    for (let g = this.#fa; g <= this.#fb; g++) {
      const a = g * stride;
      let previous = 0;
      for (let j = 0; j <= BANDS; j++) {
        const kk = k[j]!;
        const ki = Math.floor(kk);
        const v = I[a + ki]! + (kk - ki) * (I[a + ki + 1]! - I[a + ki]!);
        if (j > 0) band[(g - this.#fa) * BANDS + j - 1] = v - previous;
        previous = v;
      }
    }
  }

  /** Cumulative band energies at fractional prefix row g (linear between rows). */
  #rowSums(g: number, out: Float64Array): void {
    const gi = Math.floor(g);
    const gf = g - gi;
    const a = (gi - this.#fa) * BANDS;
    const band = this.#band;
    if (gf === 0) for (let j = 0; j < BANDS; j++) out[j] = band[a + j]!;
    else for (let j = 0; j < BANDS; j++) out[j] = band[a + j]! + gf * (band[a + BANDS + j]! - band[a + j]!);
  }

  /** Computes the pair values of every column that lies wholly inside the window. */
  compute(scale: Scale, offset: number): void {
    this.#setFrequency(scale.freq);
    const eps = this.#eps;
    const time = scale.time;
    const r1 = this.#rows[1];
    let r0 = this.#rows[0];
    let r2 = this.#rows[2];
    // The first column whose start maps at or after frame boundary fa.
    const firstSample = (this.#fa - 0.5) * SPEC_HOP - this.#spec.lead + SPEC_N / 2;
    let P = Math.ceil((offset + (firstSample - this.anchor) * time) / COLUMN - 1e-9);
    let p = 0;
    this.firstColumn = P;
    let g0 = this.#rowAt(P * COLUMN, offset, time);
    if (g0 < this.#fa) g0 = this.#fa;
    this.#rowSums(g0, r0);
    let powerSum = 0;
    for (; ; P++) {
      const g2 = this.#rowAt((P + 1) * COLUMN, offset, time);
      if (g2 > this.#fb || p * BANDS >= this.values.length) break;
      const g1 = this.#rowAt(P * COLUMN + SLOT, offset, time);
      this.#rowSums(g1, r1);
      this.#rowSums(g2, r2);
      const row = p * BANDS;
      const na = 1 / (g1 - g0);
      const nb = 1 / (g2 - g1);
      for (let j = 0; j < BANDS; j++) {
        const a = Math.max(0, r1[j]! - r0[j]!) * na;
        const b = Math.max(0, r2[j]! - r1[j]!) * nb;
        this.values[row + j] = (a - b) / (a + b + eps);
        this.powerA[row + j] = a;
        this.powerB[row + j] = b;
        powerSum += a + b;
      }
      [r0, r2] = [r2, r0];
      g0 = g2;
      p++;
    }
    this.columns = p;
    this.powerSum = powerSum;
  }

  /** Seconds from the analysed signal's sample 0 of original time t under (scale, offset). */
  secondsAt(t: number, scale: Scale, offset: number, rate: number): number {
    return (this.anchor + (t - offset) / scale.time) / rate;
  }
}
