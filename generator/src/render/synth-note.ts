import type { SequenceNote } from "../tokenizer/note-sequence.js";

/** A note as the renderers see it: a NoteSequence note with the stereo position of its instrument (-1 .. +1). */
export interface SynthNote extends SequenceNote {
  pan: number;
}

/** Frequency in Hz of a MIDI pitch (A4 = 69 = 440 Hz, equal temperament). */
export function midiToHz(pitch: number): number {
  return 440 * 2 ** ((pitch - 69) / 12);
}

/** Amplitude of a MIDI velocity: a power curve, so that velocity 64 is about -10 dB from 127. */
export function velocityGain(velocity: number): number {
  return (Math.max(0, Math.min(127, velocity)) / 127) ** 1.7;
}
