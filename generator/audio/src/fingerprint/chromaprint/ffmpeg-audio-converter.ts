import type { AudioConsumer } from "./consumers.js";
import { SwrResampler, type SwrSampleFormat } from "./swresample.js";
import { checkFinite, roundToInt16, toInt16 } from "./to-int16.js";

/**
 * Stage 1 on the fpcalc path: what fpcalc's FFmpegAudioReader does to decoded audio before Chromaprint sees it. It asks
 * libswresample for mono 16-bit at Chromaprint's rate, so Chromaprint's own resampler never runs. swresample works
 * in the decoder's precision:
 * - "s16" (16-bit FLAC, WAV): the samples as 16-bit integers, resampled in integers;
 * - "float" (MP3, Vorbis, Opus, 24-bit and float sources): resampled and mixed in float, rounded to 16 bits last
 *   (lrintf(x * 32768), clipped).
 * With more than one channel swresample resamples each channel first and then mixes (its `resample_first` rule);
 * stereo to mono is (16384 L + 16384 R + 16384) >> 15, i.e. (L + R + 1) >> 1, in 16-bit, and 0.5 L + 0.5 R in float.
 * Beyond two channels the mix here gives every channel the same weight (FFmpeg's matrix depends on the channel
 * layout, which a Pcm lacks).
 * Debian's fpcalc 1.5.1 never flushes the resampler: at the end of the file its reader stops with "Error decoding
 * audio frame (End of file)" first, so the last half filter length of output (about 1 ms) is never produced, and
 * neither is it here (verified on clips cut one sample apart around a frame boundary).
 */
export class FfmpegAudioConverter {
  readonly format: SwrSampleFormat;
  readonly #channels: number;
  readonly #resampler: SwrResampler | undefined;
  readonly #consumer: AudioConsumer;
  readonly #weights: Int32Array;
  #ints: Int16Array[] = [];
  #mono = new Int16Array(0);

  constructor(sampleRate: number, channels: number, targetRate: number, format: SwrSampleFormat, consumer: AudioConsumer) {
    this.format = format;
    this.#channels = channels;
    this.#consumer = consumer;
    this.#resampler = sampleRate !== targetRate ? new SwrResampler(sampleRate, targetRate, channels, { format }) : undefined;
    // swri_rematrix_init for 16-bit: the matrix in Q15, rounding errors carried from one coefficient to the next
    this.#weights = new Int32Array(channels);
    let rem = 0;
    for (let j = 0; j < channels; j++) {
      const target = (1 / channels) * 32768 + rem;
      this.#weights[j] = Math.round(Math.fround(target));
      rem += target - this.#weights[j]!;
    }
  }

  /** input[ch][from, from + length) for every channel. */
  consume(input: readonly Float32Array[], from: number, length: number): void {
    if (this.format === "s16") {
      if (this.#ints.length === 0 || this.#ints[0]!.length < length) {
        this.#ints = input.map(() => new Int16Array(Math.max(length, 4096)));
      }
      for (let ch = 0; ch < this.#channels; ch++) toInt16(input[ch]!, from, length, this.#ints[ch]!);
      if (!this.#resampler) return this.#emit16(this.#ints, length);
      const n = this.#resampler.process(this.#ints, 0, length);
      if (n > 0) this.#emit16(this.#outputs() as Int16Array[], n);
      return;
    }
    for (let ch = 0; ch < this.#channels; ch++) checkFinite(input[ch]!, from, length);
    if (!this.#resampler) return this.#emitFloat(from === 0 ? input : input.map((x) => x.subarray(from)), length);
    const n = this.#resampler.process(input, from, length);
    if (n > 0) this.#emitFloat(this.#outputs() as Float32Array[], n);
  }

  #outputs(): (Int16Array | Float32Array)[] {
    const r = this.#resampler!;
    return Array.from({ length: this.#channels }, (_, ch) => r.output(ch));
  }

  #monoBuffer(n: number): Int16Array {
    if (this.#mono.length < n) this.#mono = new Int16Array(Math.max(n, 2 * this.#mono.length));
    return this.#mono;
  }

  #emit16(input: readonly Int16Array[], n: number): void {
    if (this.#channels === 1) return this.#consumer.consume(input[0]!, n);
    const mono = this.#monoBuffer(n);
    if (this.#channels === 2) {
      const l = input[0]!;
      const r = input[1]!;
      for (let i = 0; i < n; i++) mono[i] = (l[i]! + r[i]! + 1) >> 1;
    } else {
      const w = this.#weights;
      for (let i = 0; i < n; i++) {
        let v = 16384;
        for (let ch = 0; ch < this.#channels; ch++) v += input[ch]![i]! * w[ch]!;
        mono[i] = v >> 15;
      }
    }
    this.#consumer.consume(mono, n);
  }

  #emitFloat(input: readonly Float32Array[], n: number): void {
    const mono = this.#monoBuffer(n);
    const fround = Math.fround;
    if (this.#channels === 1) {
      const x = input[0]!;
      for (let i = 0; i < n; i++) mono[i] = roundToInt16(x[i]! * 32768);
    } else if (this.#channels === 2) {
      const l = input[0]!;
      const r = input[1]!;
      for (let i = 0; i < n; i++) mono[i] = roundToInt16(fround(0.5 * l[i]! + 0.5 * r[i]!) * 32768);
    } else {
      const w = fround(1 / this.#channels);
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let ch = 0; ch < this.#channels; ch++) v = fround(v + fround(input[ch]![i]! * w));
        mono[i] = roundToInt16(v * 32768);
      }
    }
    this.#consumer.consume(mono, n);
  }
}
