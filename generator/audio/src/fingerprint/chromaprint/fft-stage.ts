import { Fft } from "../../fft/fft.js";
import type { AudioConsumer, FeatureConsumer } from "./consumers.js";

/**
 * Stage 2 (src/fft.cpp, src/fft_lib_avfft.cpp): cuts the 11025 Hz signal into overlapping frames (frameSize samples
 * every frameSize - overlap), applies a Hamming window scaled by 1/32767 in single precision, as Chromaprint does,
 * and passes each frame's power spectrum |X[k]|^2, k = 0..frameSize/2, to the next stage.
 * The real transform is one complex FFT of half the size plus the usual even/odd split (what FFmpeg's RDFT does).
 */
export class FftStage implements AudioConsumer {
  readonly #size: number;
  readonly #increment: number;
  readonly #consumer: FeatureConsumer;
  readonly #fft: Fft;
  readonly #window: Float32Array;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #pending: Int16Array;
  #count = 0;
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  readonly #power: Float64Array;

  constructor(frameSize: number, overlap: number, consumer: FeatureConsumer) {
    this.#size = frameSize;
    this.#increment = frameSize - overlap;
    this.#consumer = consumer;
    const half = frameSize / 2;
    this.#fft = new Fft(half);
    this.#window = new Float32Array(frameSize);
    for (let i = 0; i < frameSize; i++) {
      this.#window[i] = (1.0 / 32767) * (0.54 - 0.46 * Math.cos((i * 2.0 * Math.PI) / (frameSize - 1)));
    }
    this.#cos = new Float64Array(half);
    this.#sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.#cos[k] = Math.cos((2 * Math.PI * k) / frameSize);
      this.#sin[k] = Math.sin((2 * Math.PI * k) / frameSize);
    }
    this.#pending = new Int16Array(frameSize);
    this.#re = new Float64Array(half);
    this.#im = new Float64Array(half);
    this.#power = new Float64Array(half + 1);
  }

  consume(samples: Int16Array, length: number): void {
    const size = this.#size;
    const pending = this.#pending;
    let from = 0;
    while (from < length) {
      const n = Math.min(length - from, size - this.#count);
      pending.set(samples.subarray(from, from + n), this.#count);
      this.#count += n;
      from += n;
      if (this.#count === size) {
        this.#frame(pending);
        pending.copyWithin(0, this.#increment, size);
        this.#count = size - this.#increment;
      }
    }
  }

  #frame(x: Int16Array): void {
    const half = this.#size / 2;
    const re = this.#re;
    const im = this.#im;
    const w = this.#window;
    // the windowed frame in float, as Chromaprint loads FFmpeg's float input buffer
    for (let n = 0, j = 0; n < half; n++, j += 2) {
      re[n] = Math.fround(x[j]! * w[j]!);
      im[n] = Math.fround(x[j + 1]! * w[j + 1]!);
    }
    this.#fft.transform(re, im);
    const power = this.#power;
    const cos = this.#cos;
    const sin = this.#sin;
    const dc = re[0]! + im[0]!;
    const nyquist = re[0]! - im[0]!;
    power[0] = dc * dc;
    power[half] = nyquist * nyquist;
    for (let k = 1; k < half; k++) {
      const a = re[k]!;
      const b = im[k]!;
      const c = re[half - k]!;
      const d = im[half - k]!;
      const er = 0.5 * (a + c);
      const ei = 0.5 * (b - d);
      const or = 0.5 * (b + d);
      const oi = 0.5 * (c - a);
      const xr = er + or * cos[k]! + oi * sin[k]!;
      const xi = ei + oi * cos[k]! - or * sin[k]!;
      power[k] = xr * xr + xi * xi;
    }
    this.#consumer.consume(power);
  }
}
