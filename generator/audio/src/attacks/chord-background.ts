import type { Pcm } from "../pcm.js";
import { SeededRandom } from "../random/seeded-random.js";

/**
 * A seeded synthetic music-like background (mono): a new major or minor triad every 0.6 s on a random root between
 * C3 and C5, six harmonics per note, a short attack and an exponential decay. Stands in for "another track" in the
 * mix presets, so that a benchmark's mix attack needs no second file; the same seed gives the same background.
 */
export function chordBackground(sampleRate: number, length: number, rng: SeededRandom = new SeededRandom(0)): Pcm {
  const out = new Float32Array(length);
  const chordLength = Math.max(1, Math.round(sampleRate * 0.6));
  const attack = Math.max(1, Math.round(sampleRate * 0.01));
  for (let start = 0; start < length; start += chordLength) {
    const root = 48 + rng.int(0, 25);
    const third = rng.next() < 0.5 ? 3 : 4;
    for (const midi of [root, root + third, root + 7]) {
      const f0 = 440 * 2 ** ((midi - 69) / 12);
      const phase0 = rng.next() * 2 * Math.PI;
      for (let h = 1; h <= 6 && f0 * h < sampleRate * 0.45; h++) {
        const w = (2 * Math.PI * f0 * h) / sampleRate;
        const amp = 0.05 / h;
        for (let i = 0; i < chordLength && start + i < length; i++) {
          const env = Math.min(1, i / attack) * Math.exp(-i / (chordLength * 0.5));
          out[start + i]! += amp * env * Math.sin(w * i + phase0 * h);
        }
      }
    }
  }
  return { sampleRate, channels: [out] };
}
