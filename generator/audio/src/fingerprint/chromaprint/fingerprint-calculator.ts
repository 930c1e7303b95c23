import type { ChromaprintClassifier } from "./chromaprint-config.js";
import { classify } from "./classifier.js";
import type { FeatureConsumer } from "./consumers.js";
import { grayCode } from "./gray-code.js";
import { RollingIntegralImage } from "./rolling-integral-image.js";

/**
 * Stage 6 (src/fingerprint_calculator.cpp): appends each normalized chroma vector to a rolling integral image and,
 * once the widest filter fits, emits one 32-bit sub-fingerprint per frame: the 16 classifiers' Gray-coded levels,
 * the first classifier in the two most significant bits.
 */
export class FingerprintCalculator implements FeatureConsumer {
  readonly #classifiers: readonly ChromaprintClassifier[];
  readonly #maxWidth: number;
  readonly #image = new RollingIntegralImage(12, 256);
  #fingerprint = new Uint32Array(1024);
  #length = 0;

  constructor(classifiers: readonly ChromaprintClassifier[]) {
    this.#classifiers = classifiers;
    this.#maxWidth = Math.max(...classifiers.map((c) => c.filter.width));
    if (!(this.#maxWidth > 0 && this.#maxWidth < 256)) throw new RangeError("Classifier widths must be 1..255");
  }

  consume(features: Float64Array): void {
    this.#image.addRow(features);
    if (this.#image.rows < this.#maxWidth) return;
    const x = this.#image.rows - this.#maxWidth;
    let bits = 0;
    for (const classifier of this.#classifiers) bits = (bits << 2) | grayCode(classify(classifier, this.#image, x));
    if (this.#length === this.#fingerprint.length) {
      const grown = new Uint32Array(this.#fingerprint.length * 2);
      grown.set(this.#fingerprint);
      this.#fingerprint = grown;
    }
    this.#fingerprint[this.#length++] = bits >>> 0;
  }

  /** The sub-fingerprints so far (a copy). */
  fingerprint(): Uint32Array {
    return this.#fingerprint.slice(0, this.#length);
  }
}
