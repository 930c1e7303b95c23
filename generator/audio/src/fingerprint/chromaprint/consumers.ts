/**
 * The two interfaces that chain Chromaprint's stages (src/audio_consumer.h, src/feature_vector_consumer.h): each
 * stage consumes its input and pushes its output to the next stage's `consume`.
 */

/** Takes mono 16-bit audio. `samples[0, length)` is valid only during the call (producers reuse their buffers). */
export interface AudioConsumer {
  consume(samples: Int16Array, length: number): void;
}

/** Takes one vector (an FFT power frame or a chroma vector). The producer reuses it after the call returns. */
export interface FeatureConsumer {
  consume(features: Float64Array): void;
}
