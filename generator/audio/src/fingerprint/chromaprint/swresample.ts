/**
 * The resampler fpcalc puts in front of Chromaprint: FFmpeg libswresample (5.1) as Chromaprint's FFmpegAudioReader
 * configures it ("compatible mode": SWR engine, filter_size 16, phase_shift 8, linear_interp 1, cutoff 0.8; Kaiser
 * window, beta 9; exact_rational on). swresample works on 16-bit planar samples when the decoder gives 16-bit audio
 * (FLAC, WAV) and on float planar samples otherwise (MP3, Vorbis, Opus, 24-bit); both are reproduced in the same
 * arithmetic as FFmpeg's x86-64 code, so the output is sample-exact:
 * - the polyphase filter bank is built in double precision, then rounded with lrintf to int16 (scale 2^15) or to
 *   float (scale 1) (libswresample/resample.c, build_filter);
 * - 16-bit: each output is (16384 + sum x[i] * h[i]) >> 15, clipped, in 32-bit integers (resample_template.c; the
 *   SSE2 code computes the same); when the rate ratio falls between phases, two adjacent phases are interpolated
 *   with a 64-bit multiply and a truncating division;
 * - float: single-precision fused multiply-adds in 8 interleaved lanes, then the lanes summed pairwise, as the
 *   AVX2/FMA3 code (ff_resample_common_float_fma3, ff_resample_linear_float_fma3) does;
 * - the signal's start is mirrored (invert_initial_buffer) and, on flush, its end is reflected (resample_flush).
 * Which outputs exist depends only on how much input has arrived, not on how it was chunked.
 */
import { clip16, lrintf } from "./c-math.js";

export type SwrSampleFormat = "s16" | "float";

export interface SwrResamplerOptions {
  /** Internal sample format: "s16" (16-bit planar, for 16-bit sources) or "float" (float planar). Default "s16". */
  format?: SwrSampleFormat;
  filterSize?: number;
  phaseShift?: number;
  linearInterp?: boolean;
  cutoff?: number;
  kaiserBeta?: number;
  exactRational?: boolean;
}

/** fpcalc's settings (FFmpegAudioProcessor::SetCompatibleMode) plus swresample's defaults for the rest. */
export const FPCALC_SWR_OPTIONS: Required<Omit<SwrResamplerOptions, "format">> = {
  filterSize: 16,
  phaseShift: 8,
  linearInterp: true,
  cutoff: 0.8,
  kaiserBeta: 9,
  exactRational: true,
};

type Samples = Int16Array | Float32Array;

/** Reads past a window's last tap: the float kernels run over whole groups of 8 taps (zero-padded filters). */
const SLACK = 8;

/** Polyphase resampler with swresample's exact arithmetic; all channels share one time base. */
export class SwrResampler {
  readonly inRate: number;
  readonly outRate: number;
  readonly channels: number;
  readonly format: SwrSampleFormat;
  /** Taps per phase. */
  readonly filterLength: number;
  readonly phaseCount: number;
  readonly #alloc: number;
  readonly #filter: Samples;
  readonly #srcIncr: number;
  readonly #dstIncrDiv: number;
  readonly #dstIncrMod: number;
  readonly #linear: boolean;

  /** Per channel: the extended signal e[origin, end) (e[k] = x[k] for k >= 0, mirrored for k < 0). */
  #buffers: Samples[];
  #origin: number;
  #end: number;
  #primed = false;
  #flushed = false;
  /** Window start (index into e) and phase of the next output. */
  #pos: number;
  #index = 0;
  #frac = 0;
  #out: Samples[];

  constructor(inRate: number, outRate: number, channels: number, options: SwrResamplerOptions = {}) {
    const o = { ...FPCALC_SWR_OPTIONS, ...options };
    this.inRate = inRate;
    this.outRate = outRate;
    this.channels = channels;
    this.format = options.format ?? "s16";

    // resample_init
    const cutoff = o.cutoff !== 0 ? o.cutoff : 0.97;
    const factor = Math.min((outRate * cutoff) / inRate, 1.0);
    let phaseCount = 1 << o.phaseShift;
    let filterLength = Math.max(Math.trunc(Math.ceil(o.filterSize / factor)), 1);
    if (filterLength > 1) filterLength = (filterLength + 1) & ~1;
    if (o.exactRational) {
      const [exact] = reduce(outRate, inRate);
      if (exact <= phaseCount) phaseCount = exact;
    }
    this.phaseCount = phaseCount;
    this.filterLength = filterLength;
    this.#alloc = (filterLength + 7) & ~7;
    this.#filter = buildFilterBank(this.format, factor, filterLength, this.#alloc, phaseCount, o.kaiserBeta);

    let [srcIncr, dstIncr] = reduce(outRate, inRate * phaseCount);
    if (srcIncr > 0x3fffffff || dstIncr > 0x3fffffff) throw new RangeError(`Unsupported resampling ratio ${inRate}:${outRate}`);
    while (dstIncr < 1 << 20 && srcIncr < 1 << 20) {
      dstIncr *= 2;
      srcIncr *= 2;
    }
    this.#srcIncr = srcIncr;
    this.#dstIncrDiv = Math.trunc(dstIncr / srcIncr);
    this.#dstIncrMod = dstIncr % srcIncr;
    // multiple_resample interpolates only when the position can fall between phases
    this.#linear = o.linearInterp && this.#dstIncrMod !== 0;

    // c->index = -phase_count * ((filter_length - 1) / 2), which invert_initial_buffer turns into a window start
    this.#pos = -Math.trunc((filterLength - 1) / 2);
    this.#origin = -filterLength;
    this.#end = 0;
    this.#buffers = Array.from({ length: channels }, () => this.#newSamples(filterLength * 4 + 8192));
    this.#out = Array.from({ length: channels }, () => this.#newSamples(4096));
  }

  /** Output buffer of channel `ch` after `process`/`flush` (valid until the next call): Int16Array or Float32Array. */
  output(ch: number): Samples {
    return this.#out[ch]!;
  }

  /**
   * Appends `length` samples of every channel (input[ch][from, from + length), Int16Array for "s16", Float32Array
   * for "float"); returns the number of outputs now available in `output(ch)`.
   */
  process(input: readonly Samples[], from: number, length: number): number {
    if (this.#flushed) throw new Error("SwrResampler: process after flush");
    this.#append(input, from, length);
    if (!this.#primed) {
      if (this.#end < this.filterLength + 1) return 0;
      this.#prime();
    }
    return this.#run();
  }

  /** Reflects the end of the signal (resample_flush) and returns the outputs that this completes. */
  flush(): number {
    if (this.#flushed) return 0;
    this.#flushed = true;
    const L = this.filterLength;
    const count = this.#primed ? this.#end - this.#pos : this.#end;
    const reflection = (Math.min(count, L) + 1) >> 1;
    this.#reserve(reflection);
    const end = this.#end - this.#origin;
    for (const buf of this.#buffers) {
      for (let j = 0; j < reflection; j++) buf[end + j] = buf[end - 1 - j]!;
    }
    this.#end += reflection;
    if (!this.#primed) {
      if (this.#end < L + 1) return 0;
      this.#prime();
    }
    return this.#run();
  }

  #newSamples(length: number): Samples {
    return this.format === "s16" ? new Int16Array(length) : new Float32Array(length);
  }

  /** e[-n] = e[n] for n = 1..L (invert_initial_buffer). */
  #prime(): void {
    const L = this.filterLength;
    const zero = -this.#origin;
    for (const buf of this.#buffers) {
      for (let n = 1; n <= L; n++) buf[zero - n] = buf[zero + n]!;
    }
    this.#primed = true;
  }

  /** Makes room for `extra` more samples (plus SLACK), dropping what no future window needs. */
  #reserve(extra: number): void {
    const needed = this.#end - this.#origin + extra + SLACK;
    const capacity = this.#buffers[0]!.length;
    if (needed <= capacity) return;
    const keepFrom = this.#primed ? this.#pos : this.#origin;
    const drop = keepFrom - this.#origin;
    const kept = this.#end - keepFrom;
    const size = kept + extra + SLACK > capacity / 2 ? Math.max(capacity * 2, kept + extra + SLACK + 4096) : capacity;
    this.#buffers = this.#buffers.map((buf) => {
      if (size === capacity) {
        buf.copyWithin(0, drop, drop + kept);
        return buf;
      }
      const grown = this.#newSamples(size);
      grown.set(buf.subarray(drop, drop + kept));
      return grown;
    });
    this.#origin = keepFrom;
  }

  #append(input: readonly Samples[], from: number, length: number): void {
    this.#reserve(length);
    const at = this.#end - this.#origin;
    for (let ch = 0; ch < this.channels; ch++) {
      const src = input[ch]!;
      if ((src instanceof Int16Array) !== (this.format === "s16")) {
        throw new TypeError(`SwrResampler (${this.format}): wrong sample type`);
      }
      this.#buffers[ch]!.set(src.subarray(from, from + length), at);
    }
    this.#end += length;
  }

  #run(): number {
    const L = this.filterLength;
    const available = this.#end - this.#pos - L; // outputs need pos + L <= end
    if (available < 0) return 0;
    // Upper bound on the number of outputs, to size the output buffers.
    const dstIncr = this.#dstIncrDiv * this.#srcIncr + this.#dstIncrMod;
    const maxOut = Math.ceil(((available + 1) * this.phaseCount * this.#srcIncr) / dstIncr) + 2;
    if (this.#out[0]!.length < maxOut) this.#out = this.#out.map(() => this.#newSamples(Math.max(maxOut, 2 * this.#out[0]!.length)));
    if (this.format === "s16") return this.#linear ? this.#runLinear16() : this.#runCommon16();
    return this.#linear ? this.#runLinearFloat() : this.#runCommonFloat();
  }

  /** Advances (pos, index, frac) by one output: the position step of resample_common / resample_linear. */
  #runCommon16(): number {
    const L = this.filterLength;
    const alloc = this.#alloc;
    const filter = this.#filter as Int16Array;
    const phaseCount = this.phaseCount;
    const srcIncr = this.#srcIncr;
    const div = this.#dstIncrDiv;
    const mod = this.#dstIncrMod;
    const end = this.#end;
    const origin = this.#origin;
    const channels = this.channels;
    const bufs = this.#buffers as Int16Array[];
    const outs = this.#out as Int16Array[];
    const a = bufs[0]!;
    const b = channels > 1 ? bufs[1]! : a;
    const outA = outs[0]!;
    const outB = channels > 1 ? outs[1]! : outA;
    let pos = this.#pos;
    let index = this.#index;
    let frac = this.#frac;
    let n = 0;
    while (pos + L <= end) {
      const f = index * alloc;
      const s = pos - origin;
      if (channels === 2) {
        // both channels in one pass over the filter row
        let a0 = 16384;
        let a1 = 0;
        let b0 = 16384;
        let b1 = 0;
        let i = 0;
        for (; i + 1 < L; i += 2) {
          const h0 = filter[f + i]!;
          const h1 = filter[f + i + 1]!;
          a0 = (a0 + Math.imul(a[s + i]!, h0)) | 0;
          a1 = (a1 + Math.imul(a[s + i + 1]!, h1)) | 0;
          b0 = (b0 + Math.imul(b[s + i]!, h0)) | 0;
          b1 = (b1 + Math.imul(b[s + i + 1]!, h1)) | 0;
        }
        if (i < L) {
          a0 = (a0 + Math.imul(a[s + i]!, filter[f + i]!)) | 0;
          b0 = (b0 + Math.imul(b[s + i]!, filter[f + i]!)) | 0;
        }
        outA[n] = clip16(((a0 + a1) | 0) >> 15);
        outB[n] = clip16(((b0 + b1) | 0) >> 15);
      } else {
        for (let ch = 0; ch < channels; ch++) outs[ch]![n] = dot16(bufs[ch]!, s, filter, f, L);
      }
      n++;
      frac += mod;
      index += div;
      if (frac >= srcIncr) {
        frac -= srcIncr;
        index++;
      }
      while (index >= phaseCount) {
        pos++;
        index -= phaseCount;
      }
    }
    this.#pos = pos;
    this.#index = index;
    this.#frac = frac;
    return n;
  }

  #runLinear16(): number {
    const L = this.filterLength;
    const alloc = this.#alloc;
    const filter = this.#filter as Int16Array;
    const phaseCount = this.phaseCount;
    const srcIncr = this.#srcIncr;
    const div = this.#dstIncrDiv;
    const mod = this.#dstIncrMod;
    const end = this.#end;
    const origin = this.#origin;
    const channels = this.channels;
    const bufs = this.#buffers as Int16Array[];
    const outs = this.#out as Int16Array[];
    let pos = this.#pos;
    let index = this.#index;
    let frac = this.#frac;
    let n = 0;
    while (pos + L <= end) {
      const f1 = index * alloc;
      const f2 = f1 + alloc;
      const b = pos - origin;
      for (let ch = 0; ch < channels; ch++) {
        const src = bufs[ch]!;
        let val = 16384;
        let v2 = 16384;
        for (let i = 0; i < L; i++) {
          const x = src[b + i]!;
          val = (val + Math.imul(x, filter[f1 + i]!)) | 0;
          v2 = (v2 + Math.imul(x, filter[f2 + i]!)) | 0;
        }
        // val += (int32)(v2 - val) * (int64)frac / src_incr, the division truncating toward zero
        val = (val + truncDiv(((v2 - val) | 0) * frac, srcIncr)) | 0;
        outs[ch]![n] = clip16(val >> 15);
      }
      n++;
      frac += mod;
      index += div;
      if (frac >= srcIncr) {
        frac -= srcIncr;
        index++;
      }
      while (index >= phaseCount) {
        pos++;
        index -= phaseCount;
      }
    }
    this.#pos = pos;
    this.#index = index;
    this.#frac = frac;
    return n;
  }

  #runCommonFloat(): number {
    const L = this.filterLength;
    const alloc = this.#alloc;
    const filter = this.#filter as Float32Array;
    const phaseCount = this.phaseCount;
    const srcIncr = this.#srcIncr;
    const div = this.#dstIncrDiv;
    const mod = this.#dstIncrMod;
    const end = this.#end;
    const origin = this.#origin;
    const channels = this.channels;
    const bufs = this.#buffers as Float32Array[];
    const outs = this.#out as Float32Array[];
    let pos = this.#pos;
    let index = this.#index;
    let frac = this.#frac;
    let n = 0;
    while (pos + L <= end) {
      const f = index * alloc;
      const s = pos - origin;
      if (channels === 2) dotFloat2(bufs[0]!, bufs[1]!, s, filter, f, L, outs[0]!, outs[1]!, n);
      else for (let ch = 0; ch < channels; ch++) outs[ch]![n] = dotFloat(bufs[ch]!, s, filter, f, L);
      n++;
      frac += mod;
      index += div;
      if (frac >= srcIncr) {
        frac -= srcIncr;
        index++;
      }
      while (index >= phaseCount) {
        pos++;
        index -= phaseCount;
      }
    }
    this.#pos = pos;
    this.#index = index;
    this.#frac = frac;
    return n;
  }

  #runLinearFloat(): number {
    const L = this.filterLength;
    const alloc = this.#alloc;
    const filter = this.#filter as Float32Array;
    const phaseCount = this.phaseCount;
    const srcIncr = this.#srcIncr;
    const div = this.#dstIncrDiv;
    const mod = this.#dstIncrMod;
    const end = this.#end;
    const origin = this.#origin;
    const channels = this.channels;
    const bufs = this.#buffers as Float32Array[];
    const outs = this.#out as Float32Array[];
    const fround = Math.fround;
    const inverse = fround(1 / srcIncr); // divss of 1.0f by (float)src_incr
    let pos = this.#pos;
    let index = this.#index;
    let frac = this.#frac;
    let n = 0;
    while (pos + L <= end) {
      const f1 = index * alloc;
      const f2 = f1 + alloc;
      const s = pos - origin;
      const weight = fround(frac * inverse); // cvtsi2ss frac, mulss
      for (let ch = 0; ch < channels; ch++) {
        const src = bufs[ch]!;
        let v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0, v6 = 0, v7 = 0;
        let w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0;
        for (let i = 0; i < L; i += 8) {
          const x0 = src[s + i]!, x1 = src[s + i + 1]!, x2 = src[s + i + 2]!, x3 = src[s + i + 3]!;
          const x4 = src[s + i + 4]!, x5 = src[s + i + 5]!, x6 = src[s + i + 6]!, x7 = src[s + i + 7]!;
          const g = f1 + i;
          const h = f2 + i;
          v0 = fround(x0 * filter[g]! + v0);
          v1 = fround(x1 * filter[g + 1]! + v1);
          v2 = fround(x2 * filter[g + 2]! + v2);
          v3 = fround(x3 * filter[g + 3]! + v3);
          v4 = fround(x4 * filter[g + 4]! + v4);
          v5 = fround(x5 * filter[g + 5]! + v5);
          v6 = fround(x6 * filter[g + 6]! + v6);
          v7 = fround(x7 * filter[g + 7]! + v7);
          w0 = fround(x0 * filter[h]! + w0);
          w1 = fround(x1 * filter[h + 1]! + w1);
          w2 = fround(x2 * filter[h + 2]! + w2);
          w3 = fround(x3 * filter[h + 3]! + w3);
          w4 = fround(x4 * filter[h + 4]! + w4);
          w5 = fround(x5 * filter[h + 5]! + w5);
          w6 = fround(x6 * filter[h + 6]! + w6);
          w7 = fround(x7 * filter[h + 7]! + w7);
        }
        // 8 lanes to 4, then val += (v2 - val) * weight per lane (fused), then the 4 lanes summed pairwise
        const a0 = fround(v0 + v4);
        const a1 = fround(v1 + v5);
        const a2 = fround(v2 + v6);
        const a3 = fround(v3 + v7);
        const c0 = fround(fround(fround(w0 + w4) - a0) * weight + a0);
        const c1 = fround(fround(fround(w1 + w5) - a1) * weight + a1);
        const c2 = fround(fround(fround(w2 + w6) - a2) * weight + a2);
        const c3 = fround(fround(fround(w3 + w7) - a3) * weight + a3);
        outs[ch]![n] = fround(fround(c0 + c2) + fround(c1 + c3));
      }
      n++;
      frac += mod;
      index += div;
      if (frac >= srcIncr) {
        frac -= srcIncr;
        index++;
      }
      while (index >= phaseCount) {
        pos++;
        index -= phaseCount;
      }
    }
    this.#pos = pos;
    this.#index = index;
    this.#frac = frac;
    return n;
  }
}

/**
 * clip16((16384 + sum src[s + i] * filter[f + i]) >> 15): the int16 inner product of resample_common, in 32-bit
 * integer arithmetic (the sums wrap as FFmpeg's SIMD code's do; real audio never gets near).
 */
function dot16(src: Int16Array, s: number, filter: Int16Array, f: number, length: number): number {
  let a0 = 16384;
  let a1 = 0;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    a0 = (a0 + Math.imul(src[s + i]!, filter[f + i]!)) | 0;
    a1 = (a1 + Math.imul(src[s + i + 1]!, filter[f + i + 1]!)) | 0;
  }
  if (i < length) a0 = (a0 + Math.imul(src[s + i]!, filter[f + i]!)) | 0;
  return clip16(((a0 + a1) | 0) >> 15);
}

/**
 * The float inner product of ff_resample_common_float_fma3: lane j (of 8) accumulates taps j, j + 8, ... with fused
 * multiply-adds (a float product is exact in double, so fround(x * h + acc) rounds once, like the FMA), then
 * (l0 + l4, l1 + l5, l2 + l6, l3 + l7), then (0 + 2, 1 + 3), then their sum. Taps past the filter length are the
 * bank's zero padding.
 */
function dotFloat(src: Float32Array, s: number, filter: Float32Array, f: number, length: number): number {
  const fround = Math.fround;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
  for (let i = 0; i < length; i += 8) {
    const x = s + i;
    const g = f + i;
    l0 = fround(src[x]! * filter[g]! + l0);
    l1 = fround(src[x + 1]! * filter[g + 1]! + l1);
    l2 = fround(src[x + 2]! * filter[g + 2]! + l2);
    l3 = fround(src[x + 3]! * filter[g + 3]! + l3);
    l4 = fround(src[x + 4]! * filter[g + 4]! + l4);
    l5 = fround(src[x + 5]! * filter[g + 5]! + l5);
    l6 = fround(src[x + 6]! * filter[g + 6]! + l6);
    l7 = fround(src[x + 7]! * filter[g + 7]! + l7);
  }
  return fround(fround(fround(l0 + l4) + fround(l2 + l6)) + fround(fround(l1 + l5) + fround(l3 + l7)));
}

/** dotFloat of two channels in one pass over the filter row, written to outA[n] and outB[n]. */
function dotFloat2(
  a: Float32Array,
  b: Float32Array,
  s: number,
  filter: Float32Array,
  f: number,
  length: number,
  outA: Float32Array,
  outB: Float32Array,
  n: number,
): void {
  const fround = Math.fround;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
  let r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, r7 = 0;
  for (let i = 0; i < length; i += 8) {
    const x = s + i;
    const g = f + i;
    const h0 = filter[g]!, h1 = filter[g + 1]!, h2 = filter[g + 2]!, h3 = filter[g + 3]!;
    const h4 = filter[g + 4]!, h5 = filter[g + 5]!, h6 = filter[g + 6]!, h7 = filter[g + 7]!;
    l0 = fround(a[x]! * h0 + l0);
    l1 = fround(a[x + 1]! * h1 + l1);
    l2 = fround(a[x + 2]! * h2 + l2);
    l3 = fround(a[x + 3]! * h3 + l3);
    l4 = fround(a[x + 4]! * h4 + l4);
    l5 = fround(a[x + 5]! * h5 + l5);
    l6 = fround(a[x + 6]! * h6 + l6);
    l7 = fround(a[x + 7]! * h7 + l7);
    r0 = fround(b[x]! * h0 + r0);
    r1 = fround(b[x + 1]! * h1 + r1);
    r2 = fround(b[x + 2]! * h2 + r2);
    r3 = fround(b[x + 3]! * h3 + r3);
    r4 = fround(b[x + 4]! * h4 + r4);
    r5 = fround(b[x + 5]! * h5 + r5);
    r6 = fround(b[x + 6]! * h6 + r6);
    r7 = fround(b[x + 7]! * h7 + r7);
  }
  outA[n] = fround(fround(fround(l0 + l4) + fround(l2 + l6)) + fround(fround(l1 + l5) + fround(l3 + l7)));
  outB[n] = fround(fround(fround(r0 + r4) + fround(r2 + r6)) + fround(fround(r1 + r5) + fround(r3 + r7)));
}

/** Integer division truncating toward zero, exact for |a| < 2^53. */
function truncDiv(a: number, b: number): number {
  let q = Math.trunc(a / b);
  const r = a - q * b;
  if (a >= 0) {
    if (r < 0) q--;
    else if (r >= b) q++;
  } else if (r > 0) q++;
  else if (r <= -b) q--;
  return q;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** num/den in lowest terms (av_reduce for ratios that fit). */
export function reduce(num: number, den: number): [number, number] {
  const g = gcd(num, den);
  return [num / g, den / g];
}

/** Horner evaluation, highest coefficient last (eval_poly). */
function evalPoly(coeff: readonly number[], x: number): number {
  let sum = coeff[coeff.length - 1]!;
  for (let i = coeff.length - 2; i >= 0; --i) {
    sum *= x;
    sum += coeff[i]!;
  }
  return sum;
}

const P1 = [
  -2.2335582639474375249e15, -5.5050369673018427753e14, -3.2940087627407749166e13, -8.4925101247114157499e11,
  -1.1912746104985237192e10, -1.0313066708737980747e8, -5.9545626019847898221e5, -2.4125195876041896775e3,
  -7.093534744921054919e0, -1.5453977791786851041e-2, -2.5172644670688975051e-5, -3.0517226450451067446e-8,
  -2.6843448573468483278e-11, -1.5982226675653184646e-14, -5.24878666279456998e-18,
];
const Q1 = [
  -2.2335582639474375245e15, 7.8858692566751002988e12, -1.2207067397808979846e10, 1.0377081058062166144e7,
  -4.8527560179962773045e3, 1.0,
];
const P2 = [
  -2.2210262233306573296e-4, 1.3067392038106924055e-2, -4.4700805721174453923e-1, 5.5674518371240761397e0,
  -2.3517945679239481621e1, 3.1611322818701131207e1, -9.609002196865618e0,
];
const Q2 = [
  -5.5194330231005480228e-4, 3.2547697594819615062e-2, -1.1151759188741312645e0, 1.3982595353892851542e1,
  -6.0228002066743340583e1, 8.55395632580129296e1, -3.14466902751354915e1, 1.0,
];

/** Modified Bessel function I0 (libswresample's rational approximations, Blair and Edwards 1974). */
export function besselI0(x: number): number {
  if (x === 0) return 1.0;
  x = Math.abs(x);
  if (x <= 15) {
    const y = x * x;
    return evalPoly(P1, y) / evalPoly(Q1, y);
  }
  const y = 1 / x - 1.0 / 15;
  const r = evalPoly(P2, y) / evalPoly(Q2, y);
  return (Math.exp(x) / Math.sqrt(x)) * r;
}

/**
 * The polyphase filter bank of libswresample's build_filter (Kaiser window), laid out as in C: phaseCount + 1 rows of
 * `alloc` taps (zero-padded), the last row the first delayed by one tap (for interpolation). Int16 with taps summing
 * to about 2^15 for "s16", float summing to about 1 for "float".
 */
function buildFilterBank(
  format: SwrSampleFormat,
  factor: number,
  tapCount: number,
  alloc: number,
  phaseCount: number,
  kaiserBeta: number,
): Samples {
  const bank = format === "s16" ? new Int16Array(alloc * (phaseCount + 1)) : new Float32Array(alloc * (phaseCount + 1));
  const scale = format === "s16" ? 1 << 15 : 1;
  const phNb = phaseCount % 2 ? phaseCount : phaseCount / 2 + 1;
  const tab = new Float64Array(tapCount);
  const sinLut = new Float64Array(phNb);
  const center = Math.trunc((tapCount - 1) / 2);
  let norm = 0;
  if (factor > 1.0) factor = 1.0;
  if (factor === 1.0) {
    for (let ph = 0; ph < phNb; ph++) sinLut[ph] = Math.sin((Math.PI * ph) / phaseCount) * (center & 1 ? 1 : -1);
  }
  for (let ph = 0; ph < phNb; ph++) {
    let s = sinLut[ph]!;
    for (let i = 0; i < tapCount; i++) {
      const x = Math.PI * (i - center - ph / phaseCount) * factor;
      let y: number;
      if (x === 0) y = 1.0;
      else if (factor === 1.0) y = s / x;
      else y = Math.sin(x) / x;
      const w = (2.0 * x) / (factor * tapCount * Math.PI);
      y *= besselI0(kaiserBeta * Math.sqrt(Math.max(1 - w * w, 0)));
      tab[i] = y;
      s = -s;
      if (!ph) norm += y;
    }
    // normalized with the first phase's sum, for every phase, as in FFmpeg
    for (let i = 0; i < tapCount; i++) {
      const v = (tab[i]! * scale) / norm;
      bank[ph * alloc + i] = format === "s16" ? clip16(lrintf(v)) : v;
    }
    if (phaseCount % 2) continue;
    for (let i = 0; i < tapCount; i++) bank[(phaseCount - ph) * alloc + tapCount - 1 - i] = bank[ph * alloc + i]!;
  }
  // the row after the last phase is phase 0 delayed by one tap
  bank.copyWithin(alloc * phaseCount + 1, 0, alloc - 1);
  bank[alloc * phaseCount] = bank[alloc - 1]!;
  return bank;
}
