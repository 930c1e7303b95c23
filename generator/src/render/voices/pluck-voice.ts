import { SeededRandom } from "../../../audio/src/random/seeded-random.js";
import { midiToHz, velocityGain, type SynthNote } from "../synth-note.js";
import type { Voice } from "./voice.js";

export interface PluckVoiceSpec {
  /** Seconds for a C4 string to ring down by 60 dB (lower strings ring longer). */
  ringSeconds: number;
  /** Lowpass on the initial excitation at full velocity (0..1, 1 = white noise): softer plucks are duller. */
  brightness: number;
  /** Seconds of the damping after the note-off (a hand muting the string). */
  release: number;
  gain: number;
}

/**
 * A Karplus-Strong plucked string: a delay line of one period filled with seeded noise, fed back through a two-point
 * average (the string's frequency-dependent loss) and a first-order allpass that tunes the fractional part of the
 * period, so the pitch is exact.
 */
export class PluckVoice implements Voice {
  readonly #spec: PluckVoiceSpec;

  constructor(spec: PluckVoiceSpec) {
    this.#spec = spec;
  }

  render(note: SynthNote, sampleRate: number, seed: number): Float32Array {
    const spec = this.#spec;
    const hz = midiToHz(note.pitch);
    // The averaging filter delays by half a sample; the allpass supplies the rest of the fractional period.
    const period = sampleRate / hz - 0.5;
    const length = Math.max(2, Math.floor(period - 0.1));
    const frac = period - length;
    const allpass = (1 - frac) / (1 + frac);
    const ring = spec.ringSeconds * 2 ** ((60 - note.pitch) / 24);
    const loopGain = Math.exp((-6.9 * period) / (ring * sampleRate));
    const gate = Math.max(1, Math.round(note.durationSeconds * sampleRate));
    const releaseSamples = Math.max(1, Math.round(spec.release * sampleRate));
    const out = new Float32Array(gate + releaseSamples);

    const random = new SeededRandom(seed);
    const line = new Float64Array(length);
    const smooth = 1 - spec.brightness * (0.4 + 0.6 * (note.velocity / 127));
    let lp = 0;
    let mean = 0;
    for (let i = 0; i < length; i++) {
      lp = smooth * lp + (1 - smooth) * (random.next() * 2 - 1);
      line[i] = lp;
      mean += lp;
    }
    mean /= length;
    let peak = 0;
    for (let i = 0; i < length; i++) peak = Math.max(peak, Math.abs((line[i]! -= mean)));
    const scale = peak > 0 ? 1 / peak : 0;
    for (let i = 0; i < length; i++) line[i]! *= scale;

    const amplitude = velocityGain(note.velocity) * spec.gain;
    const releaseRate = Math.exp(-6.9 / releaseSamples);
    let damp = 1;
    let previous = 0;
    let apState = 0;
    let index = 0;
    for (let i = 0; i < out.length; i++) {
      const current = line[index]!;
      const averaged = 0.5 * (current + previous) * loopGain;
      previous = current;
      // First-order allpass: y = a x + x[-1] - a y[-1], state form.
      const y = allpass * averaged + apState;
      apState = averaged - allpass * y;
      line[index] = y;
      index = index + 1 === length ? 0 : index + 1;
      if (i >= gate) damp *= releaseRate;
      out[i] = current * amplitude * damp;
    }
    // A 2 ms fade-in: noise starting at full level would click.
    const fade = Math.min(out.length, Math.round(0.002 * sampleRate));
    for (let i = 0; i < fade; i++) out[i]! *= i / fade;
    return out;
  }
}
