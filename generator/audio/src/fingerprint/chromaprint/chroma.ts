import type { FeatureConsumer } from "./consumers.js";

const NUM_BANDS = 12;

/**
 * Stage 3 (src/chroma.cpp): folds each power spectrum onto the 12 pitch classes. Bin i (between minFrequency and
 * maxFrequency) goes to class floor(12 * frac(log2(f_i / 27.5))), so class 0 is A; the energies are summed.
 */
export class Chroma implements FeatureConsumer {
  readonly #minIndex: number;
  readonly #maxIndex: number;
  readonly #notes: Uint8Array;
  readonly #features = new Float64Array(NUM_BANDS);
  readonly #consumer: FeatureConsumer;

  constructor(minFrequency: number, maxFrequency: number, frameSize: number, sampleRate: number, consumer: FeatureConsumer) {
    this.#consumer = consumer;
    this.#minIndex = Math.max(1, freqToIndex(minFrequency, frameSize, sampleRate));
    this.#maxIndex = Math.min(frameSize / 2, freqToIndex(maxFrequency, frameSize, sampleRate));
    this.#notes = new Uint8Array(frameSize);
    for (let i = this.#minIndex; i < this.#maxIndex; i++) this.#notes[i] = pitchClassOfBin(i, frameSize, sampleRate);
  }

  consume(frame: Float64Array): void {
    const features = this.#features;
    features.fill(0);
    const notes = this.#notes;
    for (let i = this.#minIndex; i < this.#maxIndex; i++) features[notes[i]!]! += frame[i]!;
    this.#consumer.consume(features);
  }
}

/** The pitch class (0 = A, 1 = A#, ... 11 = G#) Chromaprint assigns to FFT bin i. */
export function pitchClassOfBin(i: number, frameSize: number, sampleRate: number): number {
  const freq = (i * sampleRate) / frameSize;
  const octave = Math.log(freq / (440.0 / 16.0)) / Math.log(2.0);
  return Math.trunc(NUM_BANDS * (octave - Math.floor(octave)));
}

/** (int)round(frameSize * freq / sampleRate), round half away from zero. */
function freqToIndex(freq: number, frameSize: number, sampleRate: number): number {
  const x = (frameSize * freq) / sampleRate;
  return Math.trunc(x >= 0 ? Math.floor(x + 0.5) : Math.ceil(x - 0.5));
}
