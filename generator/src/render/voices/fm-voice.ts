import { renderAdsr, type Adsr } from "../envelope.js";
import { midiToHz, velocityGain, type SynthNote } from "../synth-note.js";
import { SINE_TABLE, lookup } from "../wavetable.js";
import type { Voice } from "./voice.js";

export interface FmVoiceSpec {
  /** Modulator frequency over carrier frequency: integers give harmonic spectra, others bell-like ones. */
  ratio: number;
  /** Peak modulation index at full velocity (radians / 2 pi of carrier phase deviation, times 2 pi). */
  index: number;
  /** The index falls to `sustainIndex` of its peak with this time constant in seconds (brightness decays). */
  indexDecay: number;
  sustainIndex: number;
  /** The index follows the amplitude attack (brass "blat") instead of starting at its peak (bells). */
  indexFollowsAttack: boolean;
  envelope: Adsr;
  gain: number;
}

/** A two-operator FM voice (Chowning): a sine carrier whose phase a sine modulator deviates. */
export class FmVoice implements Voice {
  readonly #spec: FmVoiceSpec;

  constructor(spec: FmVoiceSpec) {
    this.#spec = spec;
  }

  render(note: SynthNote, sampleRate: number): Float32Array {
    const spec = this.#spec;
    const hz = midiToHz(note.pitch);
    const gate = Math.max(1, Math.round(note.durationSeconds * sampleRate));
    const env = renderAdsr(spec.envelope, gate, sampleRate);
    const amplitude = velocityGain(note.velocity) * spec.gain;
    // Keep the sidebands below Nyquist: the spectrum's width is about (index + 1) * modulator frequency.
    const nyquistIndex = Math.max(0, (0.45 * sampleRate) / (hz * Math.max(spec.ratio, 0.5)) - 1);
    const peakIndex = Math.min(spec.index * (0.3 + 0.7 * (note.velocity / 127)), nyquistIndex) / (2 * Math.PI);
    const indexRate = Math.exp(-1 / (spec.indexDecay * sampleRate));
    const carrierStep = hz / sampleRate;
    const modulatorStep = carrierStep * spec.ratio;
    const out = new Float32Array(env.length);
    let decaying = 1;
    for (let i = 0; i < out.length; i++) {
      const shape = spec.sustainIndex + (1 - spec.sustainIndex) * decaying;
      const index = peakIndex * shape * (spec.indexFollowsAttack ? env[i]! : 1);
      const modulator = lookup(SINE_TABLE, modulatorStep * i);
      out[i] = lookup(SINE_TABLE, carrierStep * i + index * modulator) * env[i]! * amplitude;
      decaying *= indexRate;
    }
    return out;
  }
}
