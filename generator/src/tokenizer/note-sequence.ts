/**
 * Notes in absolute time: what the tokenizer decodes a token stream into and what the renderer consumes.
 * Seconds are absolute from the start of the piece (tempo changes are already applied), so a renderer never needs
 * the tempo map; `tempoBpm` is the opening tempo, kept for manifests and for writing MIDI.
 */
export interface NoteSequence {
  /** Opening tempo in beats per minute (quarter notes). */
  tempoBpm: number;
  /** Notes sorted by start time, then program, then pitch. */
  notes: SequenceNote[];
}

/** One note of a NoteSequence. */
export interface SequenceNote {
  /** MIDI key number, 0..127 (for drums: the General MIDI percussion key). */
  pitch: number;
  /** MIDI velocity, 1..127. */
  velocity: number;
  /** Onset, in seconds from the start of the piece (>= 0). */
  startSeconds: number;
  /** Length in seconds (> 0). */
  durationSeconds: number;
  /** General MIDI program, 0..127 (0 for drums, which play on channel 10 whatever the program). */
  program: number;
  /** True for the General MIDI percussion channel (channel 10). */
  isDrum: boolean;
}
