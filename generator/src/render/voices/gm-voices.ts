import { FmVoice } from "./fm-voice.js";
import { PluckVoice } from "./pluck-voice.js";
import type { Voice } from "./voice.js";
import { WavetableVoice } from "./wavetable-voice.js";

/** Harmonic amplitudes 1/n^power for n = 1..count, with only odd harmonics when `odd`. */
function series(count: number, power: number, odd = false): number[] {
  return Array.from({ length: count }, (_, k) => (odd && k % 2 === 1 ? 0 : 1 / (k + 1) ** power));
}

const NO_VIBRATO = { rateHz: 0, cents: 0, delaySeconds: 0 };

/**
 * The built-in instrument of each General MIDI program family (programs 8k .. 8k + 7 share one): a plausible,
 * recognisable timbre per family, not a sample-accurate emulation; a SoundFont gives real instruments.
 */
const FAMILIES: readonly Voice[] = [
  // 0 piano: bright hammer attack fading to a mellow tone, no sustain.
  new WavetableVoice({
    bright: series(24, 1.1),
    dark: [1, 0.35, 0.12, 0.05],
    brightnessDecay: 0.25,
    envelope: { attack: 0.003, decay: 2.2, sustain: 0, release: 0.25 },
    detuneCents: 0,
    vibrato: NO_VIBRATO,
    decayPerOctave: 0.45,
    gain: 0.9,
  }),
  // 1 chromatic percussion (celesta, glockenspiel, vibraphone, marimba): an inharmonic FM bell.
  new FmVoice({
    ratio: 3.5,
    index: 3,
    indexDecay: 0.3,
    sustainIndex: 0.1,
    indexFollowsAttack: false,
    envelope: { attack: 0.002, decay: 1.6, sustain: 0, release: 0.4 },
    gain: 0.7,
  }),
  // 2 organ: drawbars 8' 4' 2 2/3' 2' 1 3/5' 1', steady.
  new WavetableVoice({
    bright: [1, 0.7, 0.5, 0.45, 0, 0.3, 0, 0.25],
    dark: [1, 0.7, 0.5, 0.45, 0, 0.3, 0, 0.25],
    brightnessDecay: Infinity,
    envelope: { attack: 0.008, decay: 0.1, sustain: 1, release: 0.06 },
    detuneCents: 0,
    vibrato: { rateHz: 6.5, cents: 6, delaySeconds: 0 },
    decayPerOctave: 0,
    gain: 0.45,
  }),
  // 3 guitar: a plucked string.
  new PluckVoice({ ringSeconds: 3, brightness: 0.8, release: 0.08, gain: 0.8 }),
  // 4 bass: a round plucked tone that keeps some sustain.
  new WavetableVoice({
    bright: series(12, 1.4),
    dark: [1, 0.25, 0.06],
    brightnessDecay: 0.12,
    envelope: { attack: 0.004, decay: 1.2, sustain: 0.35, release: 0.08 },
    detuneCents: 0,
    vibrato: NO_VIBRATO,
    decayPerOctave: 0,
    gain: 1,
  }),
  // 5 strings: a bowed sawtooth section, two detuned players, delayed vibrato.
  new WavetableVoice({
    bright: series(30, 1),
    dark: series(14, 1.3),
    brightnessDecay: 0.4,
    envelope: { attack: 0.09, decay: 0.3, sustain: 0.85, release: 0.3 },
    detuneCents: 7,
    vibrato: { rateHz: 5.5, cents: 12, delaySeconds: 0.25 },
    decayPerOctave: 0,
    gain: 0.5,
  }),
  // 6 ensemble (string ensembles, choir): softer, slower.
  new WavetableVoice({
    bright: series(16, 1.5),
    dark: series(8, 1.8),
    brightnessDecay: 0.6,
    envelope: { attack: 0.18, decay: 0.4, sustain: 0.9, release: 0.45 },
    detuneCents: 10,
    vibrato: { rateHz: 5, cents: 8, delaySeconds: 0.3 },
    decayPerOctave: 0,
    gain: 0.5,
  }),
  // 7 brass: FM at ratio 1 with the index following the attack.
  new FmVoice({
    ratio: 1,
    index: 4,
    indexDecay: 0.5,
    sustainIndex: 0.6,
    indexFollowsAttack: true,
    envelope: { attack: 0.04, decay: 0.3, sustain: 0.75, release: 0.12 },
    gain: 0.55,
  }),
  // 8 reed: odd harmonics (clarinet-like), light vibrato.
  new WavetableVoice({
    bright: series(15, 1.2, true),
    dark: series(9, 1.5, true),
    brightnessDecay: 0.5,
    envelope: { attack: 0.03, decay: 0.2, sustain: 0.85, release: 0.1 },
    detuneCents: 0,
    vibrato: { rateHz: 5, cents: 10, delaySeconds: 0.3 },
    decayPerOctave: 0,
    gain: 0.55,
  }),
  // 9 pipe (flute, recorder): nearly a sine.
  new WavetableVoice({
    bright: [1, 0.2, 0.08, 0.03],
    dark: [1, 0.1, 0.03],
    brightnessDecay: 0.3,
    envelope: { attack: 0.05, decay: 0.2, sustain: 0.9, release: 0.12 },
    detuneCents: 0,
    vibrato: { rateHz: 5, cents: 12, delaySeconds: 0.2 },
    decayPerOctave: 0,
    gain: 0.6,
  }),
  // 10 synth lead: a bright sawtooth.
  new WavetableVoice({
    bright: series(40, 1),
    dark: series(40, 1),
    brightnessDecay: Infinity,
    envelope: { attack: 0.005, decay: 0.2, sustain: 0.8, release: 0.08 },
    detuneCents: 4,
    vibrato: { rateHz: 5.5, cents: 6, delaySeconds: 0.4 },
    decayPerOctave: 0,
    gain: 0.4,
  }),
  // 11 synth pad: a dark detuned sawtooth, slow in and out.
  new WavetableVoice({
    bright: series(20, 1.3),
    dark: series(6, 1.5),
    brightnessDecay: 1.5,
    envelope: { attack: 0.35, decay: 0.8, sustain: 0.8, release: 0.7 },
    detuneCents: 12,
    vibrato: NO_VIBRATO,
    decayPerOctave: 0,
    gain: 0.45,
  }),
  // 12 synth effects: a slow inharmonic FM texture.
  new FmVoice({
    ratio: 1.41,
    index: 2.5,
    indexDecay: 1.2,
    sustainIndex: 0.4,
    indexFollowsAttack: false,
    envelope: { attack: 0.12, decay: 0.8, sustain: 0.6, release: 0.6 },
    gain: 0.45,
  }),
  // 13 ethnic (sitar, banjo, koto): a brighter, shorter string.
  new PluckVoice({ ringSeconds: 1.8, brightness: 0.95, release: 0.06, gain: 0.75 }),
  // 14 percussive (steel drums, woodblock, taiko): short FM strikes.
  new FmVoice({
    ratio: 1.5,
    index: 3,
    indexDecay: 0.05,
    sustainIndex: 0.05,
    indexFollowsAttack: false,
    envelope: { attack: 0.001, decay: 0.35, sustain: 0, release: 0.1 },
    gain: 0.7,
  }),
  // 15 sound effects: a noisy high-index FM.
  new FmVoice({
    ratio: 2.76,
    index: 6,
    indexDecay: 0.4,
    sustainIndex: 0.3,
    indexFollowsAttack: false,
    envelope: { attack: 0.01, decay: 0.5, sustain: 0.5, release: 0.3 },
    gain: 0.35,
  }),
];

/** The built-in voice of a General MIDI program (0..127). */
export function gmVoice(program: number): Voice {
  return FAMILIES[Math.max(0, Math.min(127, Math.trunc(program))) >> 3]!;
}
