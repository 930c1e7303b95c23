import type { NoteSequence } from "../tokenizer/note-sequence.js";
import { InvalidRenderInputError } from "./render-error.js";

/** Longest piece the renderers accept (20 minutes): beyond it a request is a mistake or an attack on memory. */
export const MAX_RENDER_SECONDS = 1200;
/** Most notes in one piece. */
export const MAX_RENDER_NOTES = 200_000;

/** Throws InvalidRenderInputError unless every note is in MIDI range with finite, non-negative times. */
export function validateSequence(sequence: NoteSequence): void {
  if (!sequence || !Array.isArray(sequence.notes)) throw new InvalidRenderInputError("expected { notes: [...] }");
  if (sequence.notes.length > MAX_RENDER_NOTES) {
    throw new InvalidRenderInputError(`${sequence.notes.length} notes (at most ${MAX_RENDER_NOTES})`);
  }
  sequence.notes.forEach((note, i) => {
    const bad = (what: string) => new InvalidRenderInputError(`note ${i}: ${what}`, { details: JSON.stringify(note) });
    if (!Number.isInteger(note.pitch) || note.pitch < 0 || note.pitch > 127) throw bad("pitch must be an integer 0..127");
    if (!Number.isFinite(note.velocity) || note.velocity < 0 || note.velocity > 127) throw bad("velocity must be 0..127");
    if (!Number.isInteger(note.program) || note.program < 0 || note.program > 127) throw bad("program must be 0..127");
    if (!Number.isFinite(note.startSeconds) || note.startSeconds < 0) throw bad("startSeconds must be finite and >= 0");
    if (!Number.isFinite(note.durationSeconds) || note.durationSeconds < 0) throw bad("durationSeconds must be >= 0");
    if (note.startSeconds + note.durationSeconds > MAX_RENDER_SECONDS) throw bad(`ends after ${MAX_RENDER_SECONDS} s`);
  });
}
