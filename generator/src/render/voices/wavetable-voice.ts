import { renderAdsr, type Adsr } from "../envelope.js";
import { midiToHz, velocityGain, type SynthNote } from "../synth-note.js";
import { WavetableBank, lookup } from "../wavetable.js";
import type { Voice } from "./voice.js";

export interface WavetableVoiceSpec {
  /** Harmonic amplitudes of the attack's timbre. */
  bright: readonly number[];
  /** Harmonic amplitudes the timbre settles to (the same as `bright` for a steady tone). */
  dark: readonly number[];
  /** Time constant in seconds of the bright-to-dark fade (Infinity keeps the velocity's initial mix). */
  brightnessDecay: number;
  envelope: Adsr;
  /** Second oscillator detuned by this many cents (0: one oscillator): the beating of a section or a pad. */
  detuneCents: number;
  vibrato: { rateHz: number; cents: number; delaySeconds: number };
  /** Held notes of percussive instruments (piano, bass) decay faster the higher they are: seconds per octave. */
  decayPerOctave: number;
  gain: number;
}

/**
 * An additive voice from two band-limited wavetables crossfaded by a brightness envelope (struck and plucked sounds
 * lose their upper partials first), with optional unison detune and delayed vibrato.
 */
export class WavetableVoice implements Voice {
  readonly #spec: WavetableVoiceSpec;
  readonly #bright: WavetableBank;
  readonly #dark: WavetableBank;

  constructor(spec: WavetableVoiceSpec) {
    this.#spec = spec;
    this.#bright = new WavetableBank(spec.bright);
    this.#dark = new WavetableBank(spec.dark);
  }

  render(note: SynthNote, sampleRate: number): Float32Array {
    const spec = this.#spec;
    const hz = midiToHz(note.pitch);
    const octavesAboveC4 = (note.pitch - 60) / 12;
    const decay = Math.max(0.15, spec.envelope.decay - spec.decayPerOctave * octavesAboveC4);
    const gate = Math.max(1, Math.round(note.durationSeconds * sampleRate));
    const env = renderAdsr({ ...spec.envelope, decay }, gate, sampleRate);
    const bright = this.#bright.tableFor(hz * 1.01, sampleRate);
    const dark = this.#dark.tableFor(hz * 1.01, sampleRate);
    const vel = note.velocity / 127;
    const amplitude = velocityGain(note.velocity) * spec.gain;
    const mix0 = 0.35 + 0.65 * vel;
    const mixRate = Number.isFinite(spec.brightnessDecay) ? Math.exp(-1 / (spec.brightnessDecay * sampleRate)) : 1;
    const detune = 2 ** (spec.detuneCents / 1200);
    const vibratoDepth = 2 ** (spec.vibrato.cents / 1200) - 1;
    const vibratoDelay = spec.vibrato.delaySeconds * sampleRate;
    const vibratoStep = spec.vibrato.rateHz / sampleRate;
    const unison = spec.detuneCents !== 0;
    const step = hz / sampleRate;
    const out = new Float32Array(env.length);
    let phaseA = 0;
    // In phase at the onset: an offset would cancel some harmonics for as long as the slow beating takes to turn.
    let phaseB = 0;
    let mix = mix0;
    for (let i = 0; i < out.length; i++) {
      let inc = step;
      if (vibratoDepth !== 0 && i > vibratoDelay) {
        const ramp = Math.min(1, (i - vibratoDelay) / sampleRate);
        inc *= 1 + vibratoDepth * ramp * Math.sin(2 * Math.PI * vibratoStep * i);
      }
      let v = mix * lookup(bright, phaseA) + (1 - mix) * lookup(dark, phaseA);
      if (unison) {
        v = 0.5 * (v + mix * lookup(bright, phaseB) + (1 - mix) * lookup(dark, phaseB));
        phaseB += inc * detune;
      }
      phaseA += inc;
      mix *= mixRate;
      out[i] = v * env[i]! * amplitude;
    }
    return out;
  }
}
