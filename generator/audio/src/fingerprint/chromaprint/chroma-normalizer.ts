import type { FeatureConsumer } from "./consumers.js";

/**
 * Stage 5 (src/chroma_normalizer.h): scales each chroma vector to unit Euclidean norm; a vector whose norm is below
 * 0.01 (near silence) becomes all zeros.
 */
export class ChromaNormalizer implements FeatureConsumer {
  readonly #consumer: FeatureConsumer;

  constructor(consumer: FeatureConsumer) {
    this.#consumer = consumer;
  }

  consume(features: Float64Array): void {
    let squares = 0;
    for (let i = 0; i < features.length; i++) squares += features[i]! * features[i]!;
    const norm = squares > 0 ? Math.sqrt(squares) : 0;
    if (norm < 0.01) features.fill(0);
    else for (let i = 0; i < features.length; i++) features[i]! /= norm;
    this.#consumer.consume(features);
  }
}
