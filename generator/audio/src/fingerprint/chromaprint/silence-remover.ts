import type { AudioConsumer } from "./consumers.js";

/** 5 ms at 11025 Hz. */
const WINDOW = 55;

/**
 * Optional stage between audio and FFT (src/silence_remover.cpp, TEST4 only): drops the audio until the moving
 * average of |sample| over 55 samples exceeds the threshold, then passes everything through.
 * The average is integer (MovingAverage<int16_t>: int sum, truncating division), as in Chromaprint.
 */
export class SilenceRemover implements AudioConsumer {
  readonly #threshold: number;
  readonly #consumer: AudioConsumer;
  readonly #window = new Int16Array(WINDOW);
  #offset = 0;
  #sum = 0;
  #count = 0;
  #start = true;

  constructor(threshold: number, consumer: AudioConsumer) {
    this.#threshold = threshold;
    this.#consumer = consumer;
  }

  consume(samples: Int16Array, length: number): void {
    let from = 0;
    if (this.#start) {
      while (from < length) {
        // std::abs of the int16 stored back into an int16: |-32768| wraps to -32768, as in C++
        const x = (Math.abs(samples[from]!) << 16) >> 16;
        this.#sum += x - this.#window[this.#offset]!;
        if (this.#count < WINDOW) this.#count++;
        this.#window[this.#offset] = x;
        this.#offset = (this.#offset + 1) % WINDOW;
        if (Math.trunc(this.#sum / this.#count) > this.#threshold) {
          this.#start = false;
          break;
        }
        from++;
      }
    }
    if (from < length) this.#consumer.consume(from === 0 ? samples : samples.subarray(from), length - from);
  }
}
