import type { GridPiece } from "../../generator/src/tokenizer/grid-piece.js";

/**
 * Style features of a piece on the token grid: what an artist's music is made of, independent of its length.
 *   pitch class (12)   share of pitched notes on each pitch class
 *   interval (25)      melodic steps -12..+12 semitones (clamped) between successive onsets of one instrument's top line
 *   onset position (P) share of onsets at each grid position of the bar
 *   duration (8)       share of notes by log2 length in grid steps (1, 2, 3-4, 5-8, ... 65+)
 *   density (2)        log(1 + notes per bar), log(1 + onsets per bar)
 *   polyphony (1)      pitched notes per pitched onset
 *   register (3)       mean, standard deviation and range (5th-95th percentile) of pitch, over 127
 *   drums (1)          share of notes on the percussion channel
 *   family (16)        share of pitched notes by General MIDI program family (piano, organ, guitar, bass, ...)
 *   drum kit (6)       share of drum notes by kind: kick, snare, hi-hat, tom, cymbal, other
 *   velocity (8)       share of notes by velocity (16 wide buckets): a sequencer's or an author's habit
 *   inter-onset (6)    gaps between successive onsets, in grid steps (1, 2, 3-4, 5-8, 9-16, 17+)
 *   instruments (1)    log(1 + distinct instruments)
 *   tempo (1)          log2(BPM / 120) of the tempo in force at the start
 */
export const DURATION_BINS = 8;
const FAMILIES = 16;
const DRUM_KINDS = ["kick", "snare", "hihat", "tom", "cymbal", "other"] as const;
const VELOCITY_BINS = 8;
const IOI_BINS = 6;

function drumKind(key: number): number {
  if (key === 35 || key === 36) return 0;
  if (key >= 37 && key <= 40) return 1;
  if (key === 42 || key === 44 || key === 46) return 2;
  if ([41, 43, 45, 47, 48, 50].includes(key)) return 3;
  if ([49, 51, 52, 53, 55, 57, 59].includes(key)) return 4;
  return 5;
}

export function featureNames(positionsPerBar: number): string[] {
  const names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"].map((n) => `pc:${n}`);
  for (let i = -12; i <= 12; i++) names.push(`interval:${i}`);
  for (let p = 0; p < positionsPerBar; p++) names.push(`onset:${p}`);
  for (let d = 0; d < DURATION_BINS; d++) names.push(`duration:${d}`);
  names.push("notesPerBar", "onsetsPerBar", "polyphony", "pitchMean", "pitchStd", "pitchRange", "drumShare");
  for (let f = 0; f < FAMILIES; f++) names.push(`family:${f}`);
  for (const kind of DRUM_KINDS) names.push(`drum:${kind}`);
  for (let v = 0; v < VELOCITY_BINS; v++) names.push(`velocity:${v}`);
  for (let i = 0; i < IOI_BINS; i++) names.push(`ioi:${i}`);
  names.push("instruments", "tempo");
  return names;
}

/** The feature vector of a piece (length featureNames(positionsPerBar).length); all zeros but density for an empty one. */
export function extractFeatures(piece: GridPiece, positionsPerBar: number): number[] {
  const pitchClass = new Array<number>(12).fill(0);
  const interval = new Array<number>(25).fill(0);
  const onset = new Array<number>(positionsPerBar).fill(0);
  const duration = new Array<number>(DURATION_BINS).fill(0);
  const pitches: number[] = [];
  let drums = 0;
  const onsetSteps = new Set<number>();
  const pitchedOnsets = new Set<number>();
  const family = new Array<number>(FAMILIES).fill(0);
  const drumKit = new Array<number>(DRUM_KINDS.length).fill(0);
  const velocity = new Array<number>(VELOCITY_BINS).fill(0);
  const instruments = new Set<number>();
  // Top (highest) pitch per (instrument, onset): the melodic line of each instrument.
  const top = new Map<number, Map<number, number>>();
  for (const n of piece.notes) {
    if (!onsetSteps.has(n.step)) {
      onsetSteps.add(n.step);
      onset[((n.step % positionsPerBar) + positionsPerBar) % positionsPerBar]!++;
    }
    duration[Math.min(DURATION_BINS - 1, Math.ceil(Math.log2(Math.max(1, n.durationSteps))))]!++;
    velocity[Math.min(VELOCITY_BINS - 1, Math.max(0, Math.floor((n.velocity - 1) / 16)))]!++;
    instruments.add(n.isDrum ? 128 : n.program);
    if (n.isDrum) {
      drums++;
      drumKit[drumKind(n.pitch)]!++;
      continue;
    }
    family[Math.min(FAMILIES - 1, n.program >> 3)]!++;
    pitchClass[n.pitch % 12]!++;
    pitches.push(n.pitch);
    pitchedOnsets.add(n.step);
    const line = top.get(n.program) ?? new Map<number, number>();
    line.set(n.step, Math.max(line.get(n.step) ?? -1, n.pitch));
    top.set(n.program, line);
  }
  for (const line of top.values()) {
    const steps = [...line.keys()].sort((a, b) => a - b);
    for (let i = 1; i < steps.length; i++) {
      const d = line.get(steps[i]!)! - line.get(steps[i - 1]!)!;
      interval[Math.max(-12, Math.min(12, d)) + 12]!++;
    }
  }
  const ioi = new Array<number>(IOI_BINS).fill(0);
  const onsets = [...onsetSteps].sort((a, b) => a - b);
  for (let i = 1; i < onsets.length; i++) ioi[Math.min(IOI_BINS - 1, Math.ceil(Math.log2(onsets[i]! - onsets[i - 1]!)))]!++;
  const bpm = piece.tempos[0]?.bpm ?? 120;
  const bars = Math.max(1, piece.bars);
  const notes = piece.notes.length;
  const sorted = [...pitches].sort((a, b) => a - b);
  const mean = pitches.length ? pitches.reduce((s, p) => s + p, 0) / pitches.length : 0;
  const std = pitches.length ? Math.sqrt(pitches.reduce((s, p) => s + (p - mean) ** 2, 0) / pitches.length) : 0;
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  return [
    ...normalise(pitchClass),
    ...normalise(interval),
    ...normalise(onset),
    ...normalise(duration),
    Math.log1p(notes / bars),
    Math.log1p(onsetSteps.size / bars),
    pitchedOnsets.size ? pitches.length / pitchedOnsets.size : 0,
    mean / 127,
    std / 127,
    (at(0.95) - at(0.05)) / 127,
    notes ? drums / notes : 0,
    ...normalise(family),
    ...normalise(drumKit),
    ...normalise(velocity),
    ...normalise(ioi),
    Math.log1p(instruments.size),
    bpm > 0 ? Math.log2(bpm / 120) : 0,
  ];
}

/**
 * A piece cut into consecutive chunks of `bars` bars (the last, shorter one kept when it holds at least half a
 * chunk): classifier samples the length of a generated piece, from pieces many minutes long. Each chunk keeps the
 * tempo in force at its first bar.
 */
export function chunkBars(piece: GridPiece, bars: number, positionsPerBar: number, maxChunks = Infinity): GridPiece[] {
  const chunks: GridPiece[] = [];
  const span = bars * positionsPerBar;
  for (let first = 0; first < piece.bars && chunks.length < maxChunks; first += bars) {
    const length = Math.min(bars, piece.bars - first);
    if (length < bars / 2 && chunks.length > 0) break;
    const from = first * positionsPerBar;
    const notes = piece.notes.filter((n) => n.step >= from && n.step < from + span).map((n) => ({ ...n, step: n.step - from }));
    chunks.push({ tempos: [{ bar: 0, bpm: tempoAt(piece, first) }], notes, bars: length });
  }
  return chunks;
}

/** The tempo in force at a bar (120 BPM before the first change). */
function tempoAt(piece: GridPiece, bar: number): number {
  let bpm = 120;
  for (const t of piece.tempos) if (t.bar <= bar) bpm = t.bpm;
  return bpm;
}

function normalise(values: number[]): number[] {
  const sum = values.reduce((s, v) => s + v, 0);
  return sum > 0 ? values.map((v) => v / sum) : values;
}
