import type { SynthNote } from "./synth-note.js";

/**
 * Turns one note into mono samples starting at its onset, tail included: the built-in synthesizer and the SoundFont
 * sampler both implement it, and `mixNotes` does the rest (placement, pan, limiting) the same way for both.
 */
export interface NoteRenderer {
  /** Reported in manifests: "synth" or "soundfont:<file name>". */
  readonly name: string;
  renderNote(note: SynthNote, sampleRate: number, seed: number): Float32Array;
}
