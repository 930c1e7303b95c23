import { InvalidResampleRatioError, InvalidSampleRateError } from "../errors/resample-error.js";
import { besselI0, kaiser } from "./kaiser.js";
import { resolveQuality, type ResampleQuality, type ResolvedQuality } from "./quality.js";
import { approximateFraction, reduceFraction, type Fraction } from "./rational.js";

export interface ResamplerOptions {
  /** A preset name or a filter design; "high" by default. */
  quality?: ResampleQuality;
}

/** Ratios (output rate / input rate) outside this range are refused: the kernels would be absurdly long. */
export const MIN_RESAMPLE_RATIO = 1 / 256;
export const MAX_RESAMPLE_RATIO = 256;

/** Largest exact polyphase table (phases x taps, in float64 entries) before falling back to an interpolated kernel. */
const MAX_POLYPHASE_ENTRIES = 1 << 20;
/** Kernel table resolution for irrational ratios: points per zero crossing (linear interpolation error < -115 dB). */
const KERNEL_OVERSAMPLING = 1024;

/**
 * A band-limited resampler for one ratio: Kaiser-windowed sinc interpolation whose cutoff follows the lower of the two
 * Nyquist frequencies (so downsampling low-passes first). Output sample j is the band-limited value of the input at
 * time j / ratio input samples; samples outside the input are zero, so the first and last `zeroCrossings` output
 * samples ramp in and out like the kernel.
 *
 * Tables are computed once per resampler and reused for every channel:
 * - when the ratio is a fraction p / q with a small enough table (every ratio of integer rates in practice, and
 *   speed factors such as 1 / 1.03 = 100 / 103), one normalised tap set per phase j * q mod p: exact kernels;
 * - otherwise (2^(1/12), ...), the kernel sampled 1024 times per zero crossing and interpolated linearly per tap.
 * Each tap set is normalised to unit DC gain, so a constant input stays exactly constant away from the edges.
 * Ratio 1 is an exact copy.
 *
 * @example
 * const r = Resampler.forRates(44_100, 48_000);
 * const left = r.process(pcm.channels[0]!);
 */
export class Resampler {
  /** Output samples per input sample. */
  readonly ratio: number;
  /** The exact fraction p / q = ratio when the polyphase table is used. */
  readonly fraction: Fraction | undefined;
  readonly #quality: ResolvedQuality;
  /** min(1, ratio): the cutoff scale and the kernel's stretch in input samples. */
  readonly #scale: number;
  /** Taps per output sample = 2 * half. */
  readonly #half: number;
  readonly #table: Float64Array;

  private constructor(ratio: number, fraction: Fraction | undefined, options: ResamplerOptions) {
    if (!(ratio >= MIN_RESAMPLE_RATIO && ratio <= MAX_RESAMPLE_RATIO)) {
      throw new InvalidResampleRatioError(ratio, {
        details: `Expected a finite ratio in [${MIN_RESAMPLE_RATIO}, ${MAX_RESAMPLE_RATIO}] (output rate / input rate)`,
      });
    }
    this.ratio = ratio;
    this.#quality = resolveQuality(options.quality);
    this.#scale = Math.min(1, ratio);
    this.#half = Math.ceil(this.#quality.zeroCrossings / this.#scale - 1e-9);
    const taps = 2 * this.#half;
    this.fraction = fraction !== undefined && fraction.p * taps <= MAX_POLYPHASE_ENTRIES ? fraction : undefined;
    this.#table = this.fraction ? this.#polyphaseTable(this.fraction.p) : this.#kernelTable();
  }

  /** A resampler from `fromRate` to `toRate` (Hz, positive; integer rates give exact polyphase tables). */
  static forRates(fromRate: number, toRate: number, options: ResamplerOptions = {}): Resampler {
    assertRate(fromRate);
    assertRate(toRate);
    const ratio = toRate / fromRate;
    const fraction =
      Number.isSafeInteger(fromRate) && Number.isSafeInteger(toRate)
        ? reduceFraction(toRate, fromRate)
        : approximateFraction(ratio, 1 << 16);
    return new Resampler(ratio, fraction, options);
  }

  /** A resampler producing `ratio` output samples per input sample (0.5 halves the length, 1 / 1.03 speeds up 3%). */
  static forRatio(ratio: number, options: ResamplerOptions = {}): Resampler {
    if (typeof ratio !== "number" || !Number.isFinite(ratio) || ratio <= 0) {
      throw new InvalidResampleRatioError(ratio, { details: "Expected a positive finite number" });
    }
    return new Resampler(ratio, approximateFraction(ratio, 1 << 16), options);
  }

  /** round(n * ratio): the length `process` gives by default. */
  outputLength(inputLength: number): number {
    return this.fraction
      ? Math.round((inputLength * this.fraction.p) / this.fraction.q)
      : Math.round(inputLength * this.ratio);
  }

  /** Taps per output sample (the cost of one output sample). */
  get taps(): number {
    return 2 * this.#half;
  }

  /** Resamples one channel into a new array of `outLength` samples (round(n * ratio) by default). Never mutates `input`. */
  process(input: Float32Array, outLength: number = this.outputLength(input.length)): Float32Array {
    const out = new Float32Array(outLength);
    if (this.ratio === 1) {
      out.set(input.subarray(0, Math.min(outLength, input.length)));
      return out;
    }
    if (this.fraction) this.#processPolyphase(input, out, this.fraction);
    else this.#processInterpolated(input, out);
    return out;
  }

  /** The windowed sinc at d input samples from the output instant (not normalised). */
  #kernel(d: number, i0Beta: number): number {
    const { zeroCrossings, beta, cutoff } = this.#quality;
    const u = d * this.#scale;
    const x = Math.PI * cutoff * u;
    const sinc = x === 0 ? 1 : Math.sin(x) / x;
    return sinc * kaiser(u / zeroCrossings, beta, i0Beta);
  }

  /** Phase f (output instant f / p past an input sample) holds taps for inputs floor(t) - half + 1 + k, k < 2 * half. */
  #polyphaseTable(p: number): Float64Array {
    const half = this.#half;
    const taps = 2 * half;
    const i0Beta = besselI0(this.#quality.beta);
    const table = new Float64Array(p * taps);
    for (let phase = 0; phase < p; phase++) {
      const frac = phase / p;
      let sum = 0;
      for (let k = 0; k < taps; k++) {
        const v = this.#kernel(frac + half - 1 - k, i0Beta);
        table[phase * taps + k] = v;
        sum += v;
      }
      for (let k = 0; k < taps; k++) table[phase * taps + k]! /= sum;
    }
    return table;
  }

  /** The kernel against |d| * scale (samples of the lower rate), KERNEL_OVERSAMPLING points per sample, two zeros past the end. */
  #kernelTable(): Float64Array {
    const zc = this.#quality.zeroCrossings;
    const i0Beta = besselI0(this.#quality.beta);
    const table = new Float64Array(zc * KERNEL_OVERSAMPLING + 2);
    for (let i = 0; i < zc * KERNEL_OVERSAMPLING; i++) table[i] = this.#kernel(i / KERNEL_OVERSAMPLING / this.#scale, i0Beta);
    return table;
  }

  #processPolyphase(input: Float32Array, out: Float32Array, { p, q }: Fraction): void {
    const n = input.length;
    const half = this.#half;
    const taps = 2 * half;
    const table = this.#table;
    const stepInt = Math.floor(q / p);
    const stepRem = q % p;
    let base = 0;
    let phase = 0;
    for (let j = 0; j < out.length; j++) {
      const start = base - half + 1;
      const offset = phase * taps;
      let acc = 0;
      if (start >= 0 && start + taps <= n) {
        for (let k = 0; k < taps; k++) acc += table[offset + k]! * input[start + k]!;
      } else {
        const k1 = Math.min(taps, n - start);
        for (let k = Math.max(0, -start); k < k1; k++) acc += table[offset + k]! * input[start + k]!;
      }
      out[j] = acc;
      base += stepInt;
      phase += stepRem;
      if (phase >= p) {
        phase -= p;
        base++;
      }
    }
  }

  #processInterpolated(input: Float32Array, out: Float32Array): void {
    const n = input.length;
    const half = this.#half;
    const taps = 2 * half;
    const table = this.#table;
    const limit = this.#quality.zeroCrossings * KERNEL_OVERSAMPLING;
    const density = this.#scale * KERNEL_OVERSAMPLING;
    const step = 1 / this.ratio;
    for (let j = 0; j < out.length; j++) {
      const t = j * step;
      const base = Math.floor(t);
      const start = base - half + 1;
      // Table position of tap k is |frac + half - 1 - k| * density.
      const first = (t - base + half - 1) * density;
      let acc = 0;
      let sum = 0;
      for (let k = 0; k < taps; k++) {
        const x = Math.abs(first - k * density);
        const i = Math.floor(x);
        if (i >= limit) continue;
        const a = table[i]!;
        const v = a + (x - i) * (table[i + 1]! - a);
        sum += v;
        const s = start + k;
        if (s >= 0 && s < n) acc += v * input[s]!;
      }
      out[j] = acc / sum;
    }
  }
}

function assertRate(rate: number): void {
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) throw new InvalidSampleRateError(rate);
}
