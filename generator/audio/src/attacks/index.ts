import { UnknownAttackError } from "../errors/attack-error.js";
import { pcmLength, type Pcm } from "../pcm.js";
import { SeededRandom } from "../random/seeded-random.js";
import { chordBackground } from "./chord-background.js";
import { crop } from "./crop.js";
import { echo } from "./echo.js";
import { gain } from "./gain.js";
import { highpass } from "./highpass.js";
import { lowpass } from "./lowpass.js";
import { mix } from "./mix.js";
import { mp3, type Mp3Bitrate } from "./mp3.js";
import { noise } from "./noise.js";
import { pitchShift } from "./pitch-shift.js";
import { resampleAttack } from "./resample-attack.js";
import { speed } from "./speed.js";
import { timeStretch } from "./time-stretch.js";
import { requirePcm } from "./validate.js";

export { chordBackground } from "./chord-background.js";
export { crop, type CropParameters } from "./crop.js";
export { echo, type EchoParameters } from "./echo.js";
export { gain, type GainParameters } from "./gain.js";
export { highpass, type HighpassParameters } from "./highpass.js";
export { lowpass, type LowpassParameters } from "./lowpass.js";
export { mix, type MixParameters } from "./mix.js";
export { mp3, MP3_BITRATES, MP3_CODEC_DELAY, type Mp3Bitrate, type Mp3Parameters } from "./mp3.js";
export { noise, type NoiseParameters } from "./noise.js";
export { defaultFrameSize, phaseVocoder, type PhaseVocoderOptions } from "./phase-vocoder.js";
export { pitchShift, type PitchShiftParameters } from "./pitch-shift.js";
export { resampleAttack, type ResampleAttackParameters } from "./resample-attack.js";
export { speed, type SpeedParameters } from "./speed.js";
export { timeStretch, type TimeStretchParameters } from "./time-stretch.js";

export type AttackKind =
  | "mp3"
  | "resample"
  | "noise"
  | "gain"
  | "lowpass"
  | "highpass"
  | "echo"
  | "crop"
  | "speed"
  | "pitch-shift"
  | "time-stretch"
  | "mix";

/** A named, parameterised degradation: what a benchmark row is labelled with and how it is applied. */
export interface Attack {
  readonly name: string;
  readonly kind: AttackKind;
  readonly description: string;
  /** The parameters, JSON-serialisable, for benchmark reports. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Whether `apply` draws from its random generator (the others ignore the seed). */
  readonly random: boolean;
  /** Applies the attack; never mutates `pcm`. */
  readonly apply: (pcm: Pcm, rng: SeededRandom) => Pcm | Promise<Pcm>;
}

const mp3Preset = (bitrate: Mp3Bitrate): Attack => ({
  name: `mp3-${bitrate}k`,
  kind: "mp3",
  description: `MP3 at ${bitrate} kbps CBR (lamejs), decoded with mpg123, codec delay removed`,
  params: { bitrate },
  random: false,
  apply: (pcm) => mp3(pcm, { bitrate }),
});

const noisePreset = (snrDb: number): Attack => ({
  name: `noise-${snrDb}db`,
  kind: "noise",
  description: `white Gaussian noise at ${snrDb} dB SNR`,
  params: { snrDb },
  random: true,
  apply: (pcm, rng) => noise(pcm, { snrDb }, rng),
});

const gainPreset = (db: number): Attack => ({
  name: `gain${db > 0 ? "+" : ""}${db}db`,
  kind: "gain",
  description: `gain of ${db} dB, hard-clipped to [-1, 1]`,
  params: { db },
  random: false,
  apply: (pcm) => gain(pcm, { db }),
});

const percent = (factor: number): string => `${factor > 1 ? "+" : "-"}${Math.round(Math.abs(factor - 1) * 100)}%`;

const speedPreset = (factor: number): Attack => ({
  name: `speed${percent(factor)}`,
  kind: "speed",
  description: `speed x${factor}: pitch and tempo together, length / ${factor}`,
  params: { factor },
  random: false,
  apply: (pcm) => speed(pcm, { factor }),
});

const tempoPreset = (tempo: number): Attack => ({
  name: `tempo${percent(tempo)}`,
  kind: "time-stretch",
  description: `tempo x${tempo} at the same pitch (phase vocoder), length / ${tempo}`,
  params: { tempo },
  random: false,
  apply: (pcm) => timeStretch(pcm, { tempo }),
});

const pitchPreset = (semitones: number): Attack => ({
  name: `pitch${semitones > 0 ? "+" : ""}${semitones}st`,
  kind: "pitch-shift",
  description: `pitch ${semitones > 0 ? "+" : ""}${semitones} semitone(s) at the same length`,
  params: { semitones },
  random: false,
  apply: (pcm) => pitchShift(pcm, { semitones }),
});

const resamplePreset = (name: string, rate: number): Attack => ({
  name,
  kind: "resample",
  description: `resampled to ${rate} Hz and back`,
  params: { rate },
  random: false,
  apply: (pcm) => resampleAttack(pcm, { rate }),
});

const presets: Attack[] = [
  mp3Preset(32),
  mp3Preset(64),
  mp3Preset(128),
  mp3Preset(320),
  noisePreset(30),
  noisePreset(20),
  noisePreset(10),
  gainPreset(-6),
  gainPreset(-3),
  gainPreset(3),
  gainPreset(6),
  speedPreset(1.03),
  speedPreset(0.97),
  speedPreset(1.05),
  speedPreset(0.95),
  tempoPreset(1.03),
  tempoPreset(1.05),
  tempoPreset(0.95),
  pitchPreset(1),
  pitchPreset(-1),
  pitchPreset(2),
  {
    name: "lowpass-4k",
    kind: "lowpass",
    description: "4th-order Butterworth low-pass at 4 kHz",
    params: { cutoffHz: 4000, order: 4 },
    random: false,
    apply: (pcm) => lowpass(pcm, { cutoffHz: 4000, order: 4 }),
  },
  {
    name: "highpass-500",
    kind: "highpass",
    description: "4th-order Butterworth high-pass at 500 Hz",
    params: { cutoffHz: 500, order: 4 },
    random: false,
    apply: (pcm) => highpass(pcm, { cutoffHz: 500, order: 4 }),
  },
  {
    name: "echo",
    kind: "echo",
    description: "one echo, 100 ms later at 0.4 of the amplitude",
    params: { delaySeconds: 0.1, decay: 0.4 },
    random: false,
    apply: (pcm) => echo(pcm, { delaySeconds: 0.1, decay: 0.4 }),
  },
  resamplePreset("resample-22k", 22_050),
  resamplePreset("resample-16k", 16_000),
  resamplePreset("resample-11k", 11_025),
  {
    name: "crop-10s",
    kind: "crop",
    description: "a 10 s excerpt at a seeded uniform random offset (the whole input when shorter)",
    params: { durationSeconds: 10 },
    random: true,
    apply: (pcm, rng) => {
      requirePcm("crop", pcm);
      const spare = pcmLength(pcm) - Math.round(10 * pcm.sampleRate);
      if (spare <= 0) return { sampleRate: pcm.sampleRate, channels: pcm.channels.map((c) => c.slice()) };
      const start = Math.floor(rng.next() * (spare + 1)) / pcm.sampleRate;
      return crop(pcm, { startSeconds: start, durationSeconds: 10 });
    },
  },
  {
    name: "mix-chords-10db",
    kind: "mix",
    description: "a seeded synthetic chord track mixed in 10 dB below the input's power",
    params: { levelDb: -10, other: "chordBackground(seed)" },
    random: true,
    apply: (pcm, rng) => mix(pcm, { other: chordBackground(pcm.sampleRate, pcmLength(pcm), rng), levelDb: -10 }),
  },
];

/** The named presets benchmarks and tests refer to, e.g. ATTACKS["mp3-64k"], ATTACKS["speed+3%"]. */
export const ATTACKS: Readonly<Record<string, Attack>> = Object.freeze(
  Object.fromEntries(presets.map((attack) => [attack.name, attack])),
);

/** The preset names, in the registry's order (codecs, noise, gain, speed, tempo, pitch, filters, resampling, ...). */
export const ATTACK_NAMES: readonly string[] = Object.freeze(presets.map((attack) => attack.name));

/**
 * Applies the preset `name` with a SeededRandom(seed): the same name, input and seed always give the same output.
 *
 * @throws UnknownAttackError when `name` is not in ATTACKS.
 * @example
 * const degraded = await applyAttack("mp3-64k", pcm, 42);
 */
export async function applyAttack(name: string, pcm: Pcm, seed = 0): Promise<Pcm> {
  const attack = Object.hasOwn(ATTACKS, name) ? ATTACKS[name] : undefined;
  if (!attack) throw new UnknownAttackError(name, ATTACK_NAMES);
  return attack.apply(pcm, new SeededRandom(seed));
}
