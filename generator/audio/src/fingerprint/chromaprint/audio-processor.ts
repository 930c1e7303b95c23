import { AvResampler } from "./av-resample.js";
import type { AudioConsumer } from "./consumers.js";

const BUFFER_SIZE = 1024 * 32;

/**
 * Stage 1 on the library path: libchromaprint's AudioProcessor (src/audio_processor.cpp), which is what runs when an
 * application feeds chromaprint_feed() audio at its own rate and channel count. It mixes to mono first (integer
 * average, truncated toward zero), then resamples with Chromaprint's internal av_resample in 32768-sample blocks.
 * Outputs whose filter window passes the end of the audio are never produced (its flush does not pad).
 */
export class AudioProcessor {
  readonly #channels: number;
  readonly #consumer: AudioConsumer;
  readonly #resampler: AvResampler | undefined;
  readonly #buffer = new Int16Array(BUFFER_SIZE);
  readonly #resampled = new Int16Array(BUFFER_SIZE);
  #offset = 0;

  constructor(sampleRate: number, channels: number, targetRate: number, consumer: AudioConsumer) {
    this.#channels = channels;
    this.#consumer = consumer;
    this.#resampler = sampleRate !== targetRate ? new AvResampler(targetRate, sampleRate, 16, 8, false, 0.8) : undefined;
  }

  /** `input[ch][0, length)` for every channel. */
  consume(input: readonly Int16Array[], length: number): void {
    let from = 0;
    while (length > 0) {
      const n = Math.min(length, BUFFER_SIZE - this.#offset);
      this.#load(input, from, n);
      from += n;
      length -= n;
      if (this.#offset === BUFFER_SIZE) {
        this.#resample();
        if (this.#offset === BUFFER_SIZE) return; // "Resampling failed?": Chromaprint drops the rest of the call
      }
    }
  }

  flush(): void {
    if (this.#offset > 0) this.#resample();
  }

  #load(input: readonly Int16Array[], from: number, n: number): void {
    const out = this.#buffer;
    const at = this.#offset;
    const channels = this.#channels;
    if (channels === 1) {
      out.set(input[0]!.subarray(from, from + n), at);
    } else if (channels === 2) {
      const l = input[0]!;
      const r = input[1]!;
      for (let i = 0; i < n; i++) out[at + i] = ((l[from + i]! + r[from + i]!) / 2) | 0;
    } else {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let ch = 0; ch < channels; ch++) sum += input[ch]![from + i]!;
        out[at + i] = (sum / channels) | 0;
      }
    }
    this.#offset += n;
  }

  #resample(): void {
    if (!this.#resampler) {
      this.#consumer.consume(this.#buffer, this.#offset);
      this.#offset = 0;
      return;
    }
    const [length, consumed] = this.#resampler.resample(this.#resampled, this.#buffer, this.#offset, BUFFER_SIZE);
    this.#consumer.consume(this.#resampled, length);
    const remaining = this.#offset - consumed;
    if (remaining > 0) this.#buffer.copyWithin(0, consumed, this.#offset);
    this.#offset = Math.max(remaining, 0);
  }
}
