import type { SynthNote } from "../synth-note.js";

/**
 * A built-in instrument: renders one note, mono, starting at the note's onset, including its release tail.
 * Voices are pure functions of the note and `seed` (which drives any noise), so rendering is deterministic.
 */
export interface Voice {
  render(note: SynthNote, sampleRate: number, seed: number): Float32Array;
}
