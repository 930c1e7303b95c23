import type { GridPiece } from "./grid-piece.js";
import type { NoteSequence } from "./note-sequence.js";
import { secondsAtStep } from "./tempo-map.js";

/** Absolute-time notes of a quantised piece. */
export function gridToNoteSequence(piece: GridPiece, positionsPerBar: number): NoteSequence {
  const at = (step: number): number => secondsAtStep(piece.tempos, positionsPerBar, step);
  return {
    tempoBpm: piece.tempos[0]?.bpm ?? 120,
    notes: piece.notes.map((n) => {
      const startSeconds = at(n.step);
      return {
        pitch: n.pitch,
        velocity: n.velocity,
        startSeconds,
        durationSeconds: at(n.step + n.durationSteps) - startSeconds,
        program: n.program,
        isDrum: n.isDrum,
      };
    }),
  };
}

/** Length in seconds of a quantised piece (its bars, not just its last note). */
export function gridDurationSeconds(piece: GridPiece, positionsPerBar: number): number {
  return secondsAtStep(piece.tempos, positionsPerBar, piece.bars * positionsPerBar);
}
