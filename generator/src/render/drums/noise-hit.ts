import { applyBiquads, butterworth } from "../../../audio/src/attacks/biquad.js";
import { SINE_TABLE, lookup } from "../wavetable.js";
import { decay, noise, type DrumSound } from "./drum-sound.js";

export interface NoiseHitSpec {
  /** Band of the noise: high-passed at lowHz, low-passed at highHz (Infinity: no low-pass). */
  lowHz: number;
  highHz: number;
  decaySeconds: number;
  lengthSeconds: number;
  /** A damped sine under the noise (the shell of a snare), 0 for none. */
  toneHz: number;
  toneLevel: number;
  /** Re-triggered bursts 10 ms apart (a hand clap is several hands), 1 for a single hit. */
  bursts: number;
  gain: number;
}

/** Snares, hi-hats, cymbals, claps and shakers: band-limited noise with an exponential decay. */
export function noiseHit(spec: NoiseHitSpec): DrumSound {
  return (strength, sampleRate, random) => {
    const n = Math.round(spec.lengthSeconds * sampleRate);
    const nyquist = sampleRate / 2;
    let band = applyBiquads(butterworth("highpass", Math.min(spec.lowHz, 0.9 * nyquist), sampleRate, 2), noise(n, random));
    if (Number.isFinite(spec.highHz) && spec.highHz < 0.9 * nyquist) {
      band = applyBiquads(butterworth("lowpass", spec.highHz, sampleRate, 2), band);
    }
    const out = new Float32Array(n);
    const gap = Math.round(0.01 * sampleRate);
    for (let b = 0; b < spec.bursts; b++) {
      const start = b * gap;
      const level = b === spec.bursts - 1 ? 1 : 0.6;
      const tau = b === spec.bursts - 1 ? spec.decaySeconds : 0.006;
      const rate = Math.exp(-1 / (tau * sampleRate));
      let env = level;
      for (let i = start; i < n; i++, env *= rate) out[i]! += band[i]! * env;
    }
    if (spec.toneLevel > 0) {
      const tone = new Float32Array(n);
      for (let i = 0; i < n; i++) tone[i] = lookup(SINE_TABLE, (spec.toneHz * i) / sampleRate);
      decay(tone, Math.min(spec.decaySeconds, 0.08), sampleRate);
      for (let i = 0; i < n; i++) out[i]! += spec.toneLevel * tone[i]!;
    }
    const g = strength * spec.gain;
    for (let i = 0; i < n; i++) out[i]! *= g;
    return out;
  };
}
