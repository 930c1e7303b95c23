import type { SynthNote } from "../synth-note.js";
import { Gen, gen, type Generators } from "./generators.js";
import type { SampleHeader } from "./parse-soundfont.js";

/** Longest release rendered after a note-off, in seconds (a SoundFont may ask for 100 s). */
const MAX_RELEASE_SECONDS = 4;

const seconds = (timecents: number) => 2 ** (timecents / 1200);

/**
 * One sample zone playing one note (SoundFont 2.04 voice model, reduced): the sample resampled by linear
 * interpolation to the note's pitch (root key, scale tuning, coarse and fine tune, the sample's correction), looped
 * when the zone says so, shaped by the DAHDSR volume envelope (attack linear in amplitude, decay and release
 * linear in dB, as the specification defines) and attenuated by initialAttenuation.
 */
export function renderSampleVoice(
  note: SynthNote,
  zone: Generators,
  header: SampleHeader,
  data: Int16Array,
  sampleRate: number,
): Float32Array {
  const start = header.start + gen(zone, Gen.startAddrsOffset) + 32768 * gen(zone, Gen.startAddrsCoarseOffset);
  const end = header.end + gen(zone, Gen.endAddrsOffset) + 32768 * gen(zone, Gen.endAddrsCoarseOffset);
  const loopStart = header.loopStart + gen(zone, Gen.startloopAddrsOffset) + 32768 * gen(zone, Gen.startloopAddrsCoarseOffset);
  const loopEnd = header.loopEnd + gen(zone, Gen.endloopAddrsOffset) + 32768 * gen(zone, Gen.endloopAddrsCoarseOffset);
  const first = Math.max(0, Math.min(start, data.length - 1));
  const last = Math.max(first, Math.min(end, data.length - 1));
  const mode = gen(zone, Gen.sampleModes) & 3;
  const loops = (mode === 1 || mode === 3) && loopStart >= first && loopEnd <= last && loopEnd - loopStart >= 2;

  const override = gen(zone, Gen.overridingRootKey);
  const root = override >= 0 && override <= 127 ? override : header.originalPitch;
  const cents =
    (note.pitch - root) * gen(zone, Gen.scaleTuning) + 100 * gen(zone, Gen.coarseTune) + gen(zone, Gen.fineTune) + header.pitchCorrection;
  // Clamped to +-10 octaves: hostile tuning generators must not send the read position to Infinity.
  const step = (2 ** (Math.max(-12_000, Math.min(12_000, cents)) / 1200) * header.sampleRate) / sampleRate;

  const delay = Math.round(seconds(gen(zone, Gen.delayVolEnv)) * sampleRate);
  const attack = Math.max(1, Math.round(seconds(gen(zone, Gen.attackVolEnv)) * sampleRate));
  const hold = Math.round(seconds(gen(zone, Gen.holdVolEnv)) * sampleRate);
  const decay = Math.max(1, seconds(gen(zone, Gen.decayVolEnv)) * sampleRate);
  const release = Math.max(1, Math.min(MAX_RELEASE_SECONDS, seconds(gen(zone, Gen.releaseVolEnv))) * sampleRate);
  const sustainDb = -Math.max(0, Math.min(1440, gen(zone, Gen.sustainVolEnv))) / 10;
  const gain = 10 ** (-Math.max(0, gen(zone, Gen.initialAttenuation)) / 200);

  const gate = Math.max(1, Math.round(note.durationSeconds * sampleRate));
  const length = gate + Math.ceil(release);
  const out = new Float32Array(length);
  // Decay and release run at 100 dB over their time (the spec's definition of the generator's duration): constant
  // factors per sample on a linear level.
  const decayFactor = 10 ** (-100 / decay / 20);
  const releaseFactor = 10 ** (-100 / release / 20);
  const sustain = 10 ** (sustainDb / 20);
  const silent = 1e-5; // -100 dB
  let level = 1;
  let position = first;
  for (let i = 0; i < length; i++) {
    if (i >= gate) level *= releaseFactor;
    else if (i >= delay + attack + hold) level = Math.max(sustain, level * decayFactor);
    if (level < silent) break;
    const attackGain = i < delay ? 0 : i < delay + attack ? (i - delay) / attack : 1;
    if (loops && (mode === 1 || i < gate)) {
      if (position >= loopEnd) position = loopStart + ((position - loopStart) % (loopEnd - loopStart));
    } else if (position >= last) break;
    const p = Math.floor(position);
    const frac = position - p;
    const next = loops && p + 1 >= loopEnd ? loopStart : Math.min(p + 1, last);
    const s = (data[p]! + (data[next]! - data[p]!) * frac) / 32768;
    out[i] = s * gain * attackGain * level;
    position += step;
  }
  return out;
}
