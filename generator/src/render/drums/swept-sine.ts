import { SINE_TABLE, lookup } from "../wavetable.js";
import { decay, noise, type DrumSound } from "./drum-sound.js";

export interface SweptSineSpec {
  /** The pitch glides from startHz to endHz with time constant sweepSeconds (a drum head's tension relaxing). */
  startHz: number;
  endHz: number;
  sweepSeconds: number;
  /** Amplitude time constant and total length in seconds. */
  decaySeconds: number;
  lengthSeconds: number;
  /** Level of a 3 ms noise click at the onset (the beater). */
  click: number;
}

/** Kick drums and toms: a sine whose pitch falls, with a beater click. */
export function sweptSine(spec: SweptSineSpec): DrumSound {
  return (strength, sampleRate, random) => {
    const n = Math.round(spec.lengthSeconds * sampleRate);
    const out = new Float32Array(n);
    const sweepRate = Math.exp(-1 / (spec.sweepSeconds * sampleRate));
    let offset = spec.startHz - spec.endHz;
    let phase = 0;
    for (let i = 0; i < n; i++) {
      out[i] = lookup(SINE_TABLE, phase);
      phase += (spec.endHz + offset) / sampleRate;
      offset *= sweepRate;
    }
    decay(out, spec.decaySeconds, sampleRate);
    const click = decay(noise(Math.min(n, Math.round(0.003 * sampleRate)), random), 0.001, sampleRate);
    for (let i = 0; i < click.length; i++) out[i]! += spec.click * click[i]!;
    for (let i = 0; i < n; i++) out[i]! *= strength;
    return out;
  };
}
