import type { SeededRandom } from "../../../audio/src/random/seeded-random.js";

/** One synthesized drum: a mono hit at full level for `strength` 1, noise drawn from `random`. */
export type DrumSound = (strength: number, sampleRate: number, random: SeededRandom) => Float32Array;

/** White noise in [-1, 1). */
export function noise(length: number, random: SeededRandom): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = random.next() * 2 - 1;
  return out;
}

/** Multiplies `signal` in place by exp(-t / tau), t in seconds. */
export function decay(signal: Float32Array, tau: number, sampleRate: number): Float32Array {
  const rate = Math.exp(-1 / (tau * sampleRate));
  let level = 1;
  for (let i = 0; i < signal.length; i++) {
    signal[i]! *= level;
    level *= rate;
  }
  return signal;
}
