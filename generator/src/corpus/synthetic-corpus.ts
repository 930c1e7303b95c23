import tonejs from "@tonejs/midi";
import { SeededRandom } from "../../audio/src/random/seeded-random.js";
import type { CorpusPiece } from "./corpus-piece.js";

const { Midi } = tonejs;

/** A generated artist: the traits every piece of the style shares. */
export interface SyntheticStyle {
  seed: number;
  /** Semitone offsets of the scale above the root. */
  scale: number[];
  root: number;
  bpm: number;
  /** General MIDI programs of the melody and the bass. */
  melodyProgram: number;
  bassProgram: number;
  /** 16-step onset pattern of the melody (1 = a note starts). */
  rhythm: number[];
  /** Largest melodic step, in scale degrees. */
  leap: number;
  drums: boolean;
}

export interface SyntheticCorpusOptions {
  pieces?: number;
  bars?: number;
}

const SCALES = [
  [0, 2, 4, 5, 7, 9, 11], // major
  [0, 2, 3, 5, 7, 8, 10], // natural minor
  [0, 2, 4, 7, 9], // major pentatonic
  [0, 3, 5, 6, 7, 10], // blues
  [0, 2, 3, 5, 7, 9, 10], // dorian
  [0, 1, 4, 5, 7, 8, 10], // phrygian dominant
];
const MELODY_PROGRAMS = [0, 24, 40, 56, 73, 80];
const BASS_PROGRAMS = [32, 33, 38, 42];

/** The traits of the style a seed stands for (different seeds give audibly different styles). */
export function syntheticStyle(styleSeed: number): SyntheticStyle {
  const random = new SeededRandom(styleSeed * 7919 + 17);
  const rhythm = Array.from({ length: 16 }, (_, i) => (i % 4 === 0 ? 1 : random.next() < 0.3 + 0.15 * (styleSeed % 3) ? 1 : 0));
  return {
    seed: styleSeed,
    scale: SCALES[styleSeed % SCALES.length]!,
    root: 57 + random.int(0, 8),
    bpm: [84, 100, 120, 140, 160][random.int(0, 5)]!,
    melodyProgram: MELODY_PROGRAMS[random.int(0, MELODY_PROGRAMS.length)]!,
    bassProgram: BASS_PROGRAMS[random.int(0, BASS_PROGRAMS.length)]!,
    rhythm,
    leap: 1 + (styleSeed % 3),
    drums: styleSeed % 2 === 0,
  };
}

/**
 * A small deterministic corpus in one style: pieces of a melody (a random walk on the style's scale over its rhythm),
 * a bass on the chord roots, and drums for some styles. Tests and the quick start train on it without any MIDI from
 * the system; the same seed gives the same bytes.
 */
export function syntheticCorpus(styleSeed: number, options: SyntheticCorpusOptions = {}): CorpusPiece[] {
  const style = syntheticStyle(styleSeed);
  const count = options.pieces ?? 8;
  const bars = options.bars ?? 8;
  return Array.from({ length: count }, (_, index) => ({
    name: `synthetic-${styleSeed}-${String(index).padStart(3, "0")}.mid`,
    bytes: syntheticPiece(style, new SeededRandom(styleSeed * 100_003 + index), bars),
  }));
}

function syntheticPiece(style: SyntheticStyle, random: SeededRandom, bars: number): Uint8Array {
  const midi = new Midi();
  midi.header.setTempo(style.bpm);
  const ppq = midi.header.ppq;
  const step = ppq / 4;
  const melody = midi.addTrack();
  melody.channel = 0;
  melody.instrument.number = style.melodyProgram;
  const bass = midi.addTrack();
  bass.channel = 1;
  bass.instrument.number = style.bassProgram;
  const drums = style.drums ? midi.addTrack() : undefined;
  if (drums) drums.channel = 9;
  const degreeToPitch = (degree: number): number => {
    const n = style.scale.length;
    const octave = Math.floor(degree / n);
    return style.root + 12 * octave + style.scale[((degree % n) + n) % n]!;
  };
  const progression = [0, 3, 4, 0].map((d) => d % style.scale.length);
  let degree = random.int(0, style.scale.length);
  for (let bar = 0; bar < bars; bar++) {
    const barTicks = bar * 16 * step;
    const chord = progression[bar % progression.length]!;
    bass.addNote({ midi: degreeToPitch(chord - 2 * style.scale.length), ticks: barTicks, durationTicks: 8 * step, velocity: 90 / 127 });
    bass.addNote({ midi: degreeToPitch(chord - 2 * style.scale.length), ticks: barTicks + 8 * step, durationTicks: 8 * step, velocity: 80 / 127 });
    const onsets = style.rhythm.flatMap((on, i) => (on ? [i] : []));
    onsets.forEach((at, k) => {
      const next = onsets[k + 1] ?? 16;
      degree = Math.max(-3, Math.min(10, degree + random.int(-style.leap, style.leap + 1)));
      melody.addNote({
        midi: degreeToPitch(degree),
        ticks: barTicks + at * step,
        durationTicks: (next - at) * step,
        velocity: (at % 4 === 0 ? 100 : 72) / 127,
      });
    });
    if (drums) {
      for (let i = 0; i < 16; i += 4) drums.addNote({ midi: i % 8 === 0 ? 36 : 38, ticks: barTicks + i * step, durationTicks: step, velocity: 100 / 127 });
      for (let i = 2; i < 16; i += 4) drums.addNote({ midi: 42, ticks: barTicks + i * step, durationTicks: step, velocity: 60 / 127 });
    }
  }
  return midi.toArray();
}
