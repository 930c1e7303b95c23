import type { FeatureConsumer } from "./consumers.js";

const HISTORY = 8;

/**
 * Stage 4 (src/chroma_filter.cpp): smooths the chroma sequence in time with a short FIR filter
 * (0.25, 0.75, 1, 0.75, 0.25 by default), so the first output comes after `coefficients.length` vectors.
 */
export class ChromaFilter implements FeatureConsumer {
  readonly #coefficients: readonly number[];
  readonly #rows = Array.from({ length: HISTORY }, () => new Float64Array(12));
  readonly #result = new Float64Array(12);
  readonly #consumer: FeatureConsumer;
  #offset = 0;
  #size = 1;

  constructor(coefficients: readonly number[], consumer: FeatureConsumer) {
    if (coefficients.length < 1 || coefficients.length > HISTORY) throw new RangeError("Chroma filter length must be 1..8");
    this.#coefficients = coefficients;
    this.#consumer = consumer;
  }

  consume(features: Float64Array): void {
    this.#rows[this.#offset]!.set(features);
    this.#offset = (this.#offset + 1) % HISTORY;
    const length = this.#coefficients.length;
    if (this.#size < length) {
      this.#size++;
      return;
    }
    const start = (this.#offset + HISTORY - length) % HISTORY;
    const result = this.#result;
    result.fill(0);
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < length; j++) result[i]! += this.#rows[(start + j) % HISTORY]![i]! * this.#coefficients[j]!;
    }
    this.#consumer.consume(result);
  }
}
