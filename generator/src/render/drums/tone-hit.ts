import { SINE_TABLE, lookup } from "../wavetable.js";
import { decay, type DrumSound } from "./drum-sound.js";

/** Cowbells, woodblocks, claves, triangles, side sticks: a few fixed sine partials with a short decay. */
export function toneHit(partialsHz: readonly number[], decaySeconds: number, gain: number): DrumSound {
  return (strength, sampleRate) => {
    const n = Math.round(Math.min(2, decaySeconds * 7) * sampleRate);
    const out = new Float32Array(n);
    const scale = (strength * gain) / partialsHz.length;
    for (const hz of partialsHz) {
      const step = Math.min(hz, 0.45 * sampleRate) / sampleRate;
      for (let i = 0; i < n; i++) out[i]! += scale * lookup(SINE_TABLE, step * i);
    }
    return decay(out, decaySeconds, sampleRate);
  };
}
