import type { SeededRandom } from "../../../generator/audio/src/random/seeded-random.js";

/**
 * n samples of pink (1/f) Gaussian noise with unit variance: white Gaussian draws through Paul Kellet's
 * seven-pole filter (within 0.05 dB of -3 dB/octave above 9 Hz at 44.1 kHz), normalised to unit variance.
 */
export function pinkNoise(n: number, rng: SeededRandom): Float32Array {
  const out = new Float32Array(n);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const w = rng.gaussian();
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    const v = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
    out[i] = v;
    energy += v * v;
  }
  const scale = energy > 0 ? 1 / Math.sqrt(energy / n) : 0;
  for (let i = 0; i < n; i++) out[i]! *= scale;
  return out;
}
