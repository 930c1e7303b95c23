import tonejs from "@tonejs/midi";
import type { CorpusPiece } from "./corpus-piece.js";

const { Midi } = tonejs;

/** One note of a repeated motif: onset and length in sixteenths within a 4/4 bar. */
export interface MotifNote {
  pitch: number;
  step: number;
  steps: number;
}

/**
 * Pieces that repeat one bar over and over, at one tempo and velocity: the toy pattern a tiny model must learn exactly
 * (tests check that greedy sampling plays it back).
 */
export function motifCorpus(motif: readonly MotifNote[], options: { pieces?: number; bars?: number; bpm?: number; program?: number } = {}): CorpusPiece[] {
  const { pieces = 4, bars = 4, bpm = 120, program = 0 } = options;
  return Array.from({ length: pieces }, (_, index) => {
    const midi = new Midi();
    midi.header.setTempo(bpm);
    const track = midi.addTrack();
    track.instrument.number = program;
    const step = midi.header.ppq / 4;
    for (let bar = 0; bar < bars; bar++) {
      for (const note of motif) {
        track.addNote({ midi: note.pitch, ticks: (bar * 16 + note.step) * step, durationTicks: note.steps * step, velocity: 100 / 127 });
      }
    }
    return { name: `motif-${index}.mid`, bytes: midi.toArray() };
  });
}
