/**
 * A piece quantised onto the token grid: the meeting point of MIDI, tokens and NoteSequence. Time is in grid steps
 * (`positionsPerBar` per 4/4 bar); tempo changes sit on bar lines.
 */
export interface GridPiece {
  /** Tempo changes, ascending by bar, the first at bar 0. */
  tempos: GridTempo[];
  /** Notes sorted by (step, instrument key, pitch), no two with the same (step, instrument, pitch). */
  notes: GridNote[];
  /** Length in bars (at least one past the last onset). */
  bars: number;
}

export interface GridTempo {
  bar: number;
  bpm: number;
}

export interface GridNote {
  /** Onset in grid steps from the start of the piece. */
  step: number;
  durationSteps: number;
  pitch: number;
  velocity: number;
  program: number;
  isDrum: boolean;
}

/** Drums sort after every melodic program and get a key of their own. */
export function instrumentKey(note: { program: number; isDrum: boolean }): number {
  return note.isDrum ? 128 : note.program;
}

export function compareGridNotes(a: GridNote, b: GridNote): number {
  return a.step - b.step || instrumentKey(a) - instrumentKey(b) || a.pitch - b.pitch;
}
